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
                Assert.Equal(JobStatus.Completed, (await AwaitJob(job.JobId, TimeSpan.FromSeconds(20))).Status);
            }
            var whilePaused = RunLog.ReadAll(RunDirectory).Where(r => r.Kind == "start" && r.At >= pausedAt).ToList();
            Assert.DoesNotContain(whilePaused, r => r.AgentId == paused);
            Assert.Contains(whilePaused, r => r.Node == second); // its node kept working with its other agent
            Assert.Equal(AgentStatus.Paused, (await Agents.AskAgentAsync(new GetAgent(paused)))!.Status);

            info = await Agents.AskAgentAsync(new ResumeAgent(paused));
            Assert.NotEqual(AgentStatus.Paused, info!.Status);
            var resumedJob = Job("resumed", Enumerable.Range(0, 60).Select(i => WorkHandler.Task($"t{i:D2}", 5, 15)));
            await Agents.SubmitAsync(resumedJob);
            Assert.Equal(JobStatus.Completed, (await AwaitJob(resumedJob.JobId, TimeSpan.FromSeconds(20))).Status);
            var resumedRuns = RunLog.ReadAll(RunDirectory).Count(r => r.JobId == resumedJob.JobId && r.Kind == "ok" && r.AgentId == paused);
            Assert.True(resumedRuns > 0, "the resumed agent ran no task of the next job");
            SpecFigures.Report($"pause: the paused agent started 0 of {whilePaused.Count} runs while paused; after resume it ran {resumedRuns}/60 tasks");
        }, First);
        await Finish();
    }
}

/// <summary>
/// Three nodes, four agents each, a job whose every fourth task sleeps 20 s and the rest 100–300 ms, so slots keep
/// freeing and starting tasks. Cancelled from the first node once a long task runs on every node: the cancellation
/// is acknowledged with the job cancelled, every long handler on every node observes it, and no task starts after
/// the acknowledgement.
/// </summary>
public sealed class CancelSpec() : AgentsSpec(new AgentsClusterConfig(3))
{
    protected override async Task RunAsync()
    {
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs)), agentsPerNode: 4);
        await RunOnAsync(async () =>
        {
            static bool Long(string id) => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) % 4 == 0;
            var job = Job("cancel-me", Enumerable.Range(0, 400).Select(i => i % 4 == 0 ? WorkHandler.Task($"t{i:D3}", 20_000, 20_000) : WorkHandler.Task($"t{i:D3}", 100, 300)));
            await Agents.SubmitAsync(job);
            var nodes = Config.Nodes.Select(NodeName).ToList();
            await AwaitAsync(() => RunLog.ReadAll(RunDirectory).Where(r => r.Kind == "start" && Long(r.TaskId)).Select(r => r.Node).Distinct().Count() == nodes.Count,
                "a long task running on every node");

            var view = await Agents.CancelJobAsync(job.JobId, "spec cancels");
            var acknowledged = DateTime.UtcNow;
            Assert.Equal(JobStatus.Cancelled, view!.Status);

            // Every run that had started ends; the long ones by cancellation, well before their 20 s.
            await AwaitAsync(() =>
            {
                var runs = RunLog.ReadAll(RunDirectory);
                return runs.Count(r => r.Kind == "start") == runs.Count(r => r.Kind != "start");
            }, "every started run to end", TimeSpan.FromSeconds(10));
            var all = RunLog.ReadAll(RunDirectory);
            var ends = all.Where(r => r.Kind != "start").ToList();
            Assert.All(ends.Where(r => Long(r.TaskId)), r => Assert.Equal("cancelled", r.Kind));
            Assert.All(ends, r => Assert.True(r.Kind is "ok" or "cancelled", $"{r.TaskId}: {r.Kind} {r.Detail}"));
            Assert.All(nodes, n => Assert.Contains(ends, r => r.Node == n && r.Kind == "cancelled")); // stopped on every node
            var late = all.Where(r => r.Kind == "start" && r.At > acknowledged).ToList();
            Assert.True(late.Count == 0, $"{late.Count} tasks started after the cancel was acknowledged: {string.Join(", ", late.Select(r => $"{r.TaskId} on {r.AgentId} +{Ms(r.At - acknowledged)}"))}");
            var startsBefore = all.Count(r => r.Kind == "start" && r.At > acknowledged - TimeSpan.FromSeconds(1));

            // Nothing starts later either (a second look after the redelivery intervals), and the job stays cancelled.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(all.Count(r => r.Kind == "start"), RunLog.ReadAll(RunDirectory).Count(r => r.Kind == "start"));
            var final = (await Agents.GetJobAsync(job.JobId))!;
            Assert.Equal(JobStatus.Cancelled, final.Status);
            Assert.Equal((0, 0), (final.Progress.Queued, final.Progress.Running));
            var cancelled = ends.Where(r => r.Kind == "cancelled").ToList();
            SpecFigures.Report($"cancel: {cancelled.Count} running handlers on {cancelled.Select(r => r.Node).Distinct().Count()} nodes observed the cancellation, " +
                $"the last {Ms(cancelled.Max(e => e.At) - acknowledged)} after the acknowledgement; {startsBefore} tasks started in the second before it, 0 after; " +
                $"{final.Progress.Succeeded} succeeded, {final.Progress.Abandoned} abandoned");
        }, First);
        await Finish();
    }
}
