using System.Diagnostics;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Three nodes, 1,000 tasks that sleep 1–20 ms and leave a marker: the job completes with every task succeeded
/// once (its view, one marker per task written by the task's only attempt, one run each), and every node ran at
/// least 15% of them.
/// </summary>
public sealed class DistributionSpec() : AgentsSpec(new AgentsClusterConfig(3))
{
    private const int Tasks = 1000;

    protected override async Task RunAsync()
    {
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs)), agentsPerNode: 4);
        await RunOnAsync(async () =>
        {
            var job = Job("spread-1000", Enumerable.Range(0, Tasks).Select(i => WorkHandler.Task($"t{i:D4}", 1, 20)));
            var clock = Stopwatch.StartNew();
            Assert.Equal(Tasks, (await Agents.SubmitAsync(job, TimeSpan.FromSeconds(20))).Tasks);
            var end = await AwaitJob(job.JobId, TimeSpan.FromSeconds(40));
            var elapsed = clock.Elapsed;

            Assert.Equal(JobStatus.Completed, end.Status);
            Assert.Equal((Tasks, Tasks, 0, 0), (end.Progress.Total, end.Progress.Succeeded, end.Progress.Failed, end.Progress.Abandoned));
            var view = await FullView(job.JobId);
            Assert.Equal(Tasks, view.Tasks.Count);
            Assert.All(view.Tasks, t => Assert.Equal(TaskState.Succeeded, t.State));

            var markers = Markers.ReadJob(MarkerDirectory, job.JobId);
            Assert.Equal(Tasks, markers.Count);
            var runs = RunLog.ReadAll(RunDirectory).Where(r => r.JobId == job.JobId).ToList();
            foreach (var task in view.Tasks)
            {
                var lines = markers[task.TaskId];
                Assert.True(lines.Count == 1, $"{task.TaskId}: {lines.Count} marker lines");
                Assert.Equal(task.Attempt, lines[0].Attempt); // applied by the attempt the job journaled as succeeded
                Assert.Equal(task.Node, lines[0].Node);
            }
            var starts = runs.Where(r => r.Kind == "start").GroupBy(r => r.TaskId).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(Tasks, starts.Count);
            Assert.All(starts, s => Assert.True(s.Value == 1, $"{s.Key} started {s.Value} times"));

            var shares = Config.Nodes.Select(n => (Node: n, Share: markers.Values.Count(l => l[0].Node == NodeName(n)) / (double)Tasks)).ToList();
            SpecFigures.Report($"distribution: {Tasks} tasks in {elapsed.TotalSeconds:0.00} s; per-node shares " +
                string.Join(" ", shares.Select(s => $"{s.Node.Name}={Pct(s.Share)}")));
            Assert.All(shares, s => Assert.True(s.Share >= 0.15, $"{s.Node} ran {Pct(s.Share)} of the tasks, less than 15%"));
        }, First);
        await Finish();
    }
}
