using System.Diagnostics;
using System.Globalization;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Three nodes, round-robin distribution with every task handed out up front (node-queue-limit above the job), and
/// the third node's handler 5× slower: 600 tasks of 20 ms (100 ms there). Run once with work stealing on and once off
/// (<see cref="StealingOnSpec"/>, <see cref="StealingOffSpec"/>); each reports
/// <c>uneven: stealing=on|off seconds=S job-seconds=J ...</c>, where S is the makespan (first task start to last task
/// end, from the run logs: what stealing changes) and J the job's time from submission to completion as the driver
/// saw it (S plus the submission and result journaling both runs share).
/// </summary>
public abstract class UnevenNodesSpec(bool stealing) : AgentsSpec(new AgentsClusterConfig(3, $"""
    distribution-strategy = round-robin
    node-queue-limit = 5000
    work-stealing.enabled = {(stealing ? "on" : "off")}
    """))
{
    public const int Tasks = 600;
    public const double SlowFactor = 5;

    protected override async Task RunAsync()
    {
        var slow = Config.Nodes[2];
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs, IsNode(slow) ? SlowFactor : 1)), agentsPerNode: 4);
        await RunOnAsync(async () =>
        {
            var job = Job("uneven-" + (stealing ? "on" : "off"), Enumerable.Range(0, Tasks).Select(i => WorkHandler.Task($"t{i:D4}", 20, 20)));
            var clock = Stopwatch.StartNew();
            await Agents.SubmitAsync(job, TimeSpan.FromSeconds(20));
            var end = await AwaitJob(job.JobId, TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
            var jobSeconds = clock.Elapsed.TotalSeconds;
            Assert.Equal(JobStatus.Completed, end.Status);
            Assert.Equal(Tasks, end.Progress.Succeeded);
            var markers = Markers.ReadJob(MarkerDirectory, job.JobId);
            Assert.Equal(Tasks, markers.Count);
            var runs = RunLog.ReadAll(RunDirectory).Where(r => r.JobId == job.JobId).ToList();
            var makespan = (runs.Where(r => r.Kind == "ok").Max(r => r.At) - runs.Where(r => r.Kind == "start").Min(r => r.At)).TotalSeconds;
            var shares = Config.Nodes.Select(n => $"{n.Name}={markers.Values.Count(l => l[0].Node == NodeName(n))}");
            SpecFigures.Report(string.Create(CultureInfo.InvariantCulture,
                $"uneven: stealing={(stealing ? "on" : "off")} seconds={makespan:0.000} job-seconds={jobSeconds:0.000} tasks-per-node {string.Join(" ", shares)} (node3 {SlowFactor}x slower)"));
        }, First);
        await Finish();
    }

    /// <summary>The seconds an <c>uneven:</c> figure line reports.</summary>
    public static double Seconds(IEnumerable<string> figures) =>
        double.Parse(figures.Single(l => l.StartsWith("uneven:", StringComparison.Ordinal)).Split(' ').Single(w => w.StartsWith("seconds=", StringComparison.Ordinal))["seconds=".Length..],
            CultureInfo.InvariantCulture);
}

public sealed class StealingOnSpec() : UnevenNodesSpec(stealing: true);

public sealed class StealingOffSpec() : UnevenNodesSpec(stealing: false);
