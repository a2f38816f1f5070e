using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Two nodes. An agent of the second node, paused from the first through the agent region, starts nothing while two
/// jobs run (its node's other agents do); resumed, it runs tasks again.
/// </summary>
public sealed class PauseResumeSpec() : AgentsSpec(new AgentsClusterConfig(2, "agents-per-node = 2"))
{
    protected override async Task RunAsync()
    {
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs)), agentsPerNode: 2);
        await RunOnAsync(async () =>
        {
            var second = NodeName(Config.Nodes[1]);
            var all = await Agents.ListAgentsAsync();
            var paused = all.Where(a => a.Node == second).Select(a => a.AgentId).Order(StringComparer.Ordinal).First();

            var info = await Agents.AskAgentAsync(new PauseAgent(paused));
            Assert.Equal(AgentStatus.Paused, info!.Status);
            var pausedAt = DateTime.UtcNow;
            foreach (var name in new[] { "paused-1", "paused-2" })
            {
                var job = Job(name, Enumerable.Range(0, 60).Select(i => WorkHandler.Task($"t{i:D2}", 5, 15)));
                await Agents.SubmitAsync(job);
                Assert.Equal(JobStatus.Completed, (await Agents.WaitForJobAsync(job.JobId, TimeSpan.FromSeconds(20))).Status);
            }
            var whilePaused = RunLog.ReadAll(RunDirectory).Where(r => r.Kind == "start" && r.At >= pausedAt).ToList();
            Assert.DoesNotContain(whilePaused, r => r.AgentId == paused);
            Assert.Contains(whilePaused, r => r.Node == second); // its node kept working with its other agent
            Assert.Equal(AgentStatus.Paused, (await Agents.AskAgentAsync(new GetAgent(paused)))!.Status);

            info = await Agents.AskAgentAsync(new ResumeAgent(paused));
            Assert.NotEqual(AgentStatus.Paused, info!.Status);
            var resumedJob = Job("resumed", Enumerable.Range(0, 60).Select(i => WorkHandler.Task($"t{i:D2}", 5, 15)));
            await Agents.SubmitAsync(resumedJob);
            Assert.Equal(JobStatus.Completed, (await Agents.WaitForJobAsync(resumedJob.JobId, TimeSpan.FromSeconds(20))).Status);
            var resumedRuns = RunLog.ReadAll(RunDirectory).Count(r => r.JobId == resumedJob.JobId && r.Kind == "ok" && r.AgentId == paused);
            Assert.True(resumedRuns > 0, "the resumed agent ran no task of the next job");
            SpecFigures.Report($"pause: the paused agent started 0 of {whilePaused.Count} runs while paused; after resume it ran {resumedRuns}/60 tasks");
        }, First);
        Finish();
    }
}

/// <summary>
/// Three nodes, a job of 20 s tasks filling every slot; cancelled from the first node: the cancellation is
/// acknowledged with the job cancelled, every running handler on every node observes it, none ran on, and no task
/// starts after the acknowledgement.
/// </summary>
public sealed class CancelSpec() : AgentsSpec(new AgentsClusterConfig(3, "agents-per-node = 2"))
{
    protected override async Task RunAsync()
    {
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs)), agentsPerNode: 2);
        await RunOnAsync(async () =>
        {
            var job = Job("cancel-me", Enumerable.Range(0, 60).Select(i => WorkHandler.Task($"t{i:D2}", 20_000, 20_000)));
            await Agents.SubmitAsync(job);
            var nodes = Config.Nodes.Select(NodeName).ToList();
            await AwaitAsync(() => RunLog.ReadAll(RunDirectory).Where(r => r.Kind == "start").Select(r => r.Node).Distinct().Count() == nodes.Count,
                "tasks running on every node");

            var view = await Agents.CancelJobAsync(job.JobId, "spec cancels");
            var acknowledged = DateTime.UtcNow;
            Assert.Equal(JobStatus.Cancelled, view!.Status);

            // Every run that had started ends, by cancellation, well before its 20 s.
            await AwaitAsync(() =>
            {
                var runs = RunLog.ReadAll(RunDirectory);
                return runs.Count(r => r.Kind == "start") == runs.Count(r => r.Kind != "start");
            }, "every started run to end", TimeSpan.FromSeconds(10));
            var all = RunLog.ReadAll(RunDirectory);
            var ends = all.Where(r => r.Kind != "start").ToList();
            Assert.All(ends, r => Assert.Equal("cancelled", r.Kind));
            Assert.All(nodes, n => Assert.Contains(ends, r => r.Node == n)); // stopped on every node
            var late = all.Where(r => r.Kind == "start" && r.At > acknowledged).ToList();
            Assert.True(late.Count == 0, $"{late.Count} tasks started after the cancel was acknowledged: {string.Join(", ", late.Select(r => $"{r.TaskId} on {r.AgentId} +{Ms(r.At - acknowledged)}"))}");

            // Nothing starts later either (a second look after the redelivery intervals), and the job stays cancelled.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(all.Count(r => r.Kind == "start"), RunLog.ReadAll(RunDirectory).Count(r => r.Kind == "start"));
            var final = (await Agents.GetJobAsync(job.JobId))!;
            Assert.Equal(JobStatus.Cancelled, final.Status);
            Assert.Equal(0, final.Progress.Succeeded);
            var slowest = ends.Max(e => e.At) - acknowledged;
            SpecFigures.Report($"cancel: {ends.Count} running handlers on {nodes.Count} nodes observed the cancellation, the last {Ms(slowest)} after the acknowledgement; " +
                $"{final.Progress.Abandoned} tasks abandoned, 0 started after it");
        }, First);
        Finish();
    }
}
