using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// One node. A task failing twice with EAGAIN then succeeding is retried within its attempt under exponential
/// back-off (runs 0, 1, 2 of attempt 1, each pause at least the configured back-off less its random factor) and
/// succeeds with the job counting 2 retries; a task failing with EACCES fails at once after a single run.
/// </summary>
public sealed class RetrySpec() : AgentsSpec(new AgentsClusterConfig(1, """
    agents-per-node = 2
    retry { attempts = 3, min-backoff = 200ms, max-backoff = 2s, random-factor = 0.2 }
    """))
{
    protected override async Task RunAsync()
    {
        var events = new DomainEventLog(Sys);
        await StartAgents(new TaskHandlerRegistry().Register(new FaultyHandler(Runs)), agentsPerNode: 2);
        var job = Job("retries", [FaultyHandler.Task("flaky", "eagain-twice"), FaultyHandler.Task("fatal", "fatal")]);
        await Agents.SubmitAsync(job);
        var end = await AwaitJob(job.JobId, TimeSpan.FromSeconds(20));
        Assert.Equal(JobStatus.CompletedWithErrors, end.Status);
        Assert.Equal((2, 1, 1, 2), (end.Progress.Total, end.Progress.Succeeded, end.Progress.Failed, end.Progress.Retried));
        var view = await FullView(job.JobId);
        var flaky = view.Tasks.Single(t => t.TaskId == "flaky");
        var fatal = view.Tasks.Single(t => t.TaskId == "fatal");
        Assert.Equal((TaskState.Succeeded, 1), (flaky.State, flaky.Attempt));
        Assert.Equal((TaskState.Failed, 1), (fatal.State, fatal.Attempt));
        Assert.Equal(ErrorCodes.EACCES, fatal.Error?.Code);
        Assert.False(fatal.Error!.Recoverable);
        Assert.Contains(view.Errors, e => e.TaskId == "fatal");

        var runs = RunLog.ReadAll(RunDirectory);
        var flakyRuns = runs.Where(r => r.TaskId == "flaky").ToList();
        Assert.Equal([0, 1, 2], flakyRuns.Where(r => r.Kind == "start").Select(r => r.Retry));
        Assert.All(flakyRuns, r => Assert.Equal(1, r.Attempt)); // retried by the agent, not re-dispatched
        Assert.Equal(["failed", "failed", "ok"], flakyRuns.Where(r => r.Kind != "start").Select(r => r.Kind));
        Assert.Single(runs, r => r.TaskId == "fatal" && r.Kind == "start");

        // Back-off: doubling from min-backoff, each pause at least (1 - random-factor) of its nominal value.
        var starts = flakyRuns.Where(r => r.Kind == "start").Select(r => r.At).ToList();
        var ends = flakyRuns.Where(r => r.Kind == "failed").Select(r => r.At).ToList();
        var pauses = new[] { starts[1] - ends[0], starts[2] - ends[1] };
        SpecFigures.Report($"retry: EAGAIN twice then ok, back-off pauses {Ms(pauses[0])} then {Ms(pauses[1])} (min-backoff 200 ms, random factor 0.2)");
        Assert.True(pauses[0] >= TimeSpan.FromMilliseconds(160), $"first back-off {Ms(pauses[0])}");
        Assert.True(pauses[1] >= TimeSpan.FromMilliseconds(320), $"second back-off {Ms(pauses[1])}");

        var retried = events.Of<TaskRetried>().Where(e => e.TaskId == "flaky").ToList();
        Assert.Equal([1, 2], retried.Select(e => e.Retry));
        Assert.All(retried, e => Assert.Equal(ErrorCodes.EAGAIN, e.Error.Code));
        Assert.DoesNotContain(events.Of<TaskRetried>(), e => e.TaskId == "fatal");
        await Finish();
    }
}

/// <summary>
/// One node, two agents. One agent fails every run (fatal): after 5 in a row its breaker opens and it gets no task
/// while the other agent works through a job, until the reset timeout lets one half-open probe through; the probe
/// (the agent healthy again) succeeds, the breaker closes and the agent takes tasks again.
/// </summary>
public sealed class BreakerSpec() : AgentsSpec(new AgentsClusterConfig(1, """
    agents-per-node = 2
    circuit-breaker { max-failures = 5, reset-timeout = 3s }
    """))
{
    private static readonly TimeSpan ResetTimeout = TimeSpan.FromSeconds(3);

    protected override async Task RunAsync()
    {
        var events = new DomainEventLog(Sys);
        var handler = new FaultyHandler(Runs);
        await StartAgents(new TaskHandlerRegistry().Register(handler), agentsPerNode: 2);
        var agents = (await Agents.ListAgentsAsync()).Select(a => a.AgentId).Order(StringComparer.Ordinal).ToList();
        var broken = agents[0];
        var healthy = agents[1];
        handler.BrokenAgent = broken;

        // 1. The broken agent fails 5 runs in a row: its breaker opens.
        var first = Job("breaker-1", Enumerable.Range(0, 20).Select(i => FaultyHandler.Task($"a{i:D2}", "ok", 20)));
        await Agents.SubmitAsync(first);
        await AwaitJob(first.JobId, TimeSpan.FromSeconds(20));
        var opened = events.Of<HealthCheckFailed>().First(e => e.AgentId == broken).At.UtcDateTime;
        var info = await Agents.AskAgentAsync(new GetAgent(broken));
        Assert.Equal(("open", AgentStatus.Error), (info!.Breaker, info.Status));
        var failures = RunLog.ReadAll(RunDirectory).Count(r => r.AgentId == broken && r.Kind == "failed");
        Assert.True(failures >= 5, $"the breaker opened after {failures} failures");
        Assert.DoesNotContain(events.Of<HealthCheckFailed>(), e => e.AgentId == healthy);

        // 2. Healthy again, but open: no task for it until the reset timeout, while the other agent has work.
        handler.BrokenAgent = null;
        var second = Job("breaker-2", Enumerable.Range(0, 20).Select(i => FaultyHandler.Task($"b{i:D2}", "ok", 30)));
        await Agents.SubmitAsync(second);
        await AwaitJob(second.JobId, TimeSpan.FromSeconds(20));
        Assert.Equal(JobStatus.Completed, (await Agents.GetJobAsync(second.JobId))!.Status);
        var closedUntil = opened + ResetTimeout - TimeSpan.FromMilliseconds(100);
        var starts = RunLog.ReadAll(RunDirectory).Where(r => r.Kind == "start" && r.At > opened && r.At < closedUntil).ToList();
        Assert.DoesNotContain(starts, r => r.AgentId == broken);
        Assert.Contains(starts, r => r.AgentId == healthy && r.JobId == second.JobId);

        // 3. After the reset timeout a probe goes through and closes the breaker; then the agent works normally.
        var round = 0;
        await AwaitAsync(async () =>
        {
            var probe = Job($"breaker-3-{++round}", Enumerable.Range(0, 10).Select(i => FaultyHandler.Task($"c{i:D2}", "ok", 20)));
            await Agents.SubmitAsync(probe);
            await AwaitJob(probe.JobId, TimeSpan.FromSeconds(10));
            return events.Of<AgentRecovered>().Any(e => e.AgentId == broken);
        }, "the broken agent's probe", TimeSpan.FromSeconds(20));
        var recovered = events.Of<AgentRecovered>().First(e => e.AgentId == broken).At.UtcDateTime;
        Assert.True(recovered >= opened + ResetTimeout - TimeSpan.FromMilliseconds(100), "the probe went through before the reset timeout");
        info = await Agents.AskAgentAsync(new GetAgent(broken));
        Assert.Equal("closed", info!.Breaker);
        Assert.NotEqual(AgentStatus.Error, info.Status);

        var after = Job("breaker-4", Enumerable.Range(0, 20).Select(i => FaultyHandler.Task($"d{i:D2}", "ok", 20)));
        await Agents.SubmitAsync(after);
        Assert.Equal(JobStatus.Completed, (await AwaitJob(after.JobId, TimeSpan.FromSeconds(20))).Status);
        var laterRuns = RunLog.ReadAll(RunDirectory).Where(r => r.JobId == after.JobId && r.Kind == "ok").ToList();
        Assert.Contains(laterRuns, r => r.AgentId == broken);
        SpecFigures.Report($"breaker: opened after {failures} failures; closed by a probe {Ms(recovered - opened)} after it opened (reset timeout {Ms(ResetTimeout)}); " +
            $"afterwards the agent ran {laterRuns.Count(r => r.AgentId == broken)}/{laterRuns.Count} tasks of the next job");
        await Finish();
    }
}
