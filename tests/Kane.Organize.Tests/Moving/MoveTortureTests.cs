using Xunit.Abstractions;

namespace Kane.Organize.Tests.Moving;

public sealed class MoveTortureTests(ITestOutputHelper output)
{
    private async Task Torture(int kills)
    {
        var seed = Environment.TickCount;
        var result = await MoveTortureHarness.RunAsync(kills, seed, output.WriteLine);
        output.WriteLine($"seed {seed}: {result.Kills} kills in {result.Rounds} rounds, {result.MovesReported} moves reported");
        Assert.Empty(result.Problems);
        Assert.Equal(kills, result.Kills);
        Assert.True(result.MovesReported > 0, "the host reported no move");
    }

    [Fact]
    public Task A_mover_killed_three_times_loses_no_file_and_a_rerun_leaves_each_file_once_at_its_target() => Torture(3);

    [Fact]
    [Trait("Category", "Slow")]
    public Task A_mover_killed_twenty_times_loses_no_file_and_a_rerun_leaves_each_file_once_at_its_target() => Torture(20);
}
