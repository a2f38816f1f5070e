using System.Diagnostics;
using Kane.MultiNode.Specs.Remoting;

namespace Kane.MultiNode.Specs.Runner;

/// <summary>How the runner reports failing specs: the cause, the failing node's log, and no process left behind.</summary>
public sealed class RunnerSpec : IDisposable
{
    private readonly List<string> _keptLogs = [];
    private static readonly RoleName First = new("first"), Second = new("second");

    [Fact]
    public async Task A_node_that_throws_fails_the_run_with_its_exception_and_the_tail_of_its_log()
    {
        var e = await RunFailing<ThrowingSpec>();
        Assert.Equal(Second, e.Role);
        Assert.Contains("role second (incarnation 1) failed: InvalidOperationException: boom from second", e.Message);
        Assert.Contains("--- last lines of second.log ---", e.Message);
        var log = await File.ReadAllTextAsync(Path.Combine(e.LogDirectory, "second.log"));
        Assert.Contains("at Kane.MultiNode.Specs.Runner.ThrowingSpec", log);
        Assert.Contains(new NodeExit(Second, 1, MultiNodeHost.FailedExitCode, NodeExitKind.Failed), e.Exits);
        AssertAllExited(e);
    }

    [Fact]
    public async Task A_barrier_that_a_role_never_enters_fails_after_the_barrier_timeout_naming_the_missing_role()
    {
        var e = await RunFailing<BarrierTimeoutSpec>();
        Assert.Contains("barrier 'lonely' timed out after 2 s", e.Message);
        Assert.Contains("entered by [first], waiting for [second]", e.Message);
        Assert.Contains("--- last lines of second.log ---", e.Message);
        AssertAllExited(e);
    }

    [Fact]
    public async Task Roles_entering_differently_named_barriers_fail_the_run_at_once()
    {
        var e = await RunFailing<WrongBarrierSpec>();
        Assert.Matches("entered barrier '(left|right)' while barrier '(left|right)' is pending", e.Message);
        Assert.DoesNotContain("timed out", e.Message);
        AssertAllExited(e);
    }

    [Fact]
    public async Task A_node_that_exits_by_itself_fails_the_run_with_its_exit_code()
    {
        var e = await RunFailing<UnexpectedExitSpec>();
        Assert.Equal(Second, e.Role);
        Assert.Contains("role second (incarnation 1) exited unexpectedly with code 5", e.Message);
        AssertAllExited(e);
    }

    [Fact]
    public async Task A_spec_that_hangs_is_killed_at_its_spec_timeout()
    {
        var e = await RunFailing<HangingSpec>();
        Assert.Contains("did not finish within its SpecTimeout of 4 s", e.Message);
        Assert.Null(e.Role);
        Assert.Equal([NodeExitKind.Aborted, NodeExitKind.Aborted], e.Exits.Select(x => x.Kind));
        AssertAllExited(e);
    }

    [Fact]
    public async Task The_logs_of_a_passed_run_are_deleted()
    {
        var before = Directory.Exists(MultiNodeRunner.LogRoot) ? Directory.GetDirectories(MultiNodeRunner.LogRoot, "ThreeNodesExchangeSpec-*").Length : 0;
        await MultiNodeRunner.RunAsync<ThreeNodesExchangeSpec>();
        Assert.Equal(before, Directory.GetDirectories(MultiNodeRunner.LogRoot, "ThreeNodesExchangeSpec-*").Length);
    }

    /// <summary>Failed runs keep their logs for people; these failures are intended, so the test removes them.</summary>
    public void Dispose()
    {
        foreach (var logs in _keptLogs)
            if (Directory.Exists(logs)) Directory.Delete(logs, recursive: true);
    }

    private async Task<MultiNodeSpecFailedException> RunFailing<TSpec>() where TSpec : MultiNodeSpec, new()
    {
        var e = await Assert.ThrowsAsync<MultiNodeSpecFailedException>(MultiNodeRunner.RunAsync<TSpec>);
        Assert.True(Directory.Exists(e.LogDirectory), $"{e.LogDirectory} is kept after a failure");
        Assert.Contains(e.LogDirectory, e.Message);
        _keptLogs.Add(e.LogDirectory);
        return e;
    }

    private static void AssertAllExited(MultiNodeSpecFailedException e)
    {
        Assert.NotEmpty(e.ProcessIds);
        foreach (var id in e.ProcessIds)
        {
            try
            {
                using var process = Process.GetProcessById(id);
                Assert.True(process.HasExited, $"node process {id} is still running");
            }
            catch (ArgumentException) { } // gone
        }
    }
}
