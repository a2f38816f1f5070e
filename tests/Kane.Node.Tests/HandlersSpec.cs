using Kane.Actors;
using Kane.Node.Handlers;

namespace Kane.Node.Tests;

public sealed class HandlersSpec
{
    private static TaskContext Context(KaneTask task) => new(task, "job-1", JobRoots.None, 1, 0, 0, "127.0.0.1:1/0");

    private static KaneTask Sleep(string? ms) =>
        new("t1", SleepHandler.Type, TaskPriority.Normal, []) { Metadata = ms is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ms"] = ms } };

    [Fact]
    public void A_node_runs_the_noop_and_sleep_handlers_and_the_seven_organize_handlers()
    {
        var registry = NodeHandlers.Create();
        Assert.Equal(TaskTypes.BuiltIn.Append("kane.noop").Append("kane.sleep").Order(StringComparer.Ordinal), registry.Types.Order(StringComparer.Ordinal));
        Assert.True(registry.CanRun(Sleep("1"), []));
    }

    [Fact]
    public async Task Sleep_waits_the_given_milliseconds_and_reports_them()
    {
        var outcome = await new SleepHandler().ExecuteAsync(Context(Sleep("0")), CancellationToken.None);
        Assert.Equal("0", outcome.Output["slept-ms"]);
    }

    [Fact]
    public async Task Sleep_is_cancelled_with_its_task()
    {
        using var cancel = new CancellationTokenSource();
        var running = new SleepHandler().ExecuteAsync(Context(Sleep("600000")), cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("3600001")]
    public async Task Sleep_without_a_valid_ms_fails_at_once_as_invalid(string? ms)
    {
        var e = await Assert.ThrowsAsync<TaskFailedException>(async () => await new SleepHandler().ExecuteAsync(Context(Sleep(ms)), CancellationToken.None));
        Assert.Equal(ErrorCodes.EINVAL, e.Error.Code);
        Assert.False(e.Error.Recoverable);
        Assert.Contains("metadata \"ms\"", e.Error.Message);
    }

    [Fact]
    public async Task Noop_succeeds()
    {
        var outcome = await new NoopHandler().ExecuteAsync(Context(new KaneTask("t", NoopHandler.Type, TaskPriority.Low, [])), CancellationToken.None);
        Assert.Same(TaskOutcome.Done, outcome);
    }
}
