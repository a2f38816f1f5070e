using System.Diagnostics;
using System.Globalization;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Three nodes, round-robin distribution with every task handed out up front (node-queue-limit above the job), and
/// the third node's handler 5× slower: 900 tasks of 10 ms (50 ms there). Run once with work stealing on and once off
/// (<see cref="StealingOnSpec"/>, <see cref="StealingOffSpec"/>); each reports
/// <c>uneven: stealing=on|off seconds=S ...</c>.
/// </summary>
public abstract class UnevenNodesSpec(bool stealing) : AgentsSpec(new AgentsClusterConfig(3, $"""
    distribution-strategy = round-robin
    node-queue-limit = 5000
    work-stealing.enabled = {(stealing ? "on" : "off")}
    """))
{
    public const int Tasks = 900;
    public const double SlowFactor = 5;

    protected override async Task RunAsync()
    {
        var slow = Config.Nodes[2];
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs, IsNode(slow) ? SlowFactor : 1)), agentsPerNode: 4);
        await RunOnAsync(async () =>
        {
            var job = Job("uneven-" + (stealing ? "on" : "off"), Enumerable.Range(0, Tasks).Select(i => WorkHandler.Task($"t{i:D4}", 10, 10)));
            var clock = Stopwatch.StartNew();
            await Agents.SubmitAsync(job, TimeSpan.FromSeconds(20));
            var end = await AwaitJob(job.JobId, TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
            var seconds = clock.Elapsed.TotalSeconds;
            Assert.Equal(JobStatus.Completed, end.Status);
            Assert.Equal(Tasks, end.Progress.Succeeded);
            var markers = Markers.ReadJob(MarkerDirectory, job.JobId);
            Assert.Equal(Tasks, markers.Count);
            var shares = Config.Nodes.Select(n => $"{n.Name}={markers.Values.Count(l => l[0].Node == NodeName(n))}");
            SpecFigures.Report(string.Create(CultureInfo.InvariantCulture,
                $"uneven: stealing={(stealing ? "on" : "off")} seconds={seconds:0.000} tasks-per-node {string.Join(" ", shares)} (node3 {SlowFactor}x slower)"));
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
