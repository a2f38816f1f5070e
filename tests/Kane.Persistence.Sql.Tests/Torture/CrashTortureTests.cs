using Kane.Persistence.Sql.Tests.Postgres;
using Kane.Persistence.Sql.TortureWriter;
using Xunit.Abstractions;

namespace Kane.Persistence.Sql.Tests.Torture;

public sealed class CrashTortureTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _file = new();

    private async Task Torture(string connectionString, string persistenceId, int kills, bool written = false)
    {
        var seed = Environment.TickCount;
        var result = await TortureHarness.RunAsync(connectionString, persistenceId, kills, seed, output.WriteLine, written);
        output.WriteLine($"seed {seed}: {result}");
        Assert.Empty(result.Problems);
        Assert.Equal(kills, result.Kills);
        Assert.True(result.Acked > 0, "the writer acknowledged nothing");
        Assert.Equal(0, result.Lost);
        Assert.True(result.Recovered >= result.Acked, $"{result.Recovered} events in the journal, {result.Acked} acknowledged");
    }

    [Fact]
    public Task A_sqlite_writer_killed_three_times_keeps_every_acknowledged_event_in_order_without_gap_or_duplicate() =>
        Torture("sqlite:" + _file.Path, "torture", 3);

    [Fact]
    public Task A_sqlite_writer_of_written_not_synced_events_killed_three_times_keeps_every_acknowledged_event() =>
        Torture("sqlite:" + _file.Path, "torture", 3, written: true);

    [Fact]
    public Task A_postgres_writer_killed_three_times_keeps_every_acknowledged_event_in_order_without_gap_or_duplicate() =>
        Torture("postgres:" + TestPostgres.ConnectionString, "torture-" + Guid.NewGuid().ToString("N")[..8], 3);

    [Fact]
    [Trait("Category", "Slow")]
    public Task A_sqlite_writer_killed_twenty_times_keeps_every_acknowledged_event() =>
        Torture("sqlite:" + _file.Path, "torture", 20);

    [Fact]
    [Trait("Category", "Slow")]
    public Task A_postgres_writer_killed_twenty_times_keeps_every_acknowledged_event() =>
        Torture("postgres:" + TestPostgres.ConnectionString, "torture-" + Guid.NewGuid().ToString("N")[..8], 20);

    public void Dispose() => _file.Dispose();
}
