using Kane.Actors;
using Kane.Organize.Run;

namespace Kane.Organize.Tests.Run;

/// <summary>Per-node activity from a job's per-node totals and the agent list, without a cluster.</summary>
public sealed class NodeActivityTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static JobView Job(string id, params NodeTasks[] nodes) =>
        new(id, "organize", JobStatus.Running, TaskPriority.Normal, JobProgress.Empty, T0, null, [], []) { Nodes = nodes };

    /// <summary>One node's totals as the job reports them (counted over every task by the job's state).</summary>
    private static NodeTasks Node(string node, int succeeded, long files, int failed = 0, params string[] dispatched) =>
        new(node, dispatched.Length, dispatched, succeeded, failed, new Dictionary<string, long> { ["files"] = files });

    private static AgentInfo Agent(string node, int n, int running) =>
        new($"{node}/{n}", node, running > 0 ? AgentStatus.Executing : AgentStatus.Idle, [], 1, running, AgentMetrics.Zero, "closed");

    [Fact]
    public void Every_node_with_agents_or_tasks_is_listed_with_its_agents_and_the_jobs_totals_for_it()
    {
        var tracker = new NodeActivityTracker();
        var job = Job("j", Node("a:1", succeeded: 1, files: 100), Node("b:2", succeeded: 1, files: 40, failed: 1, "cat-1"), Node("d:4", succeeded: 2, files: 7));

        var nodes = tracker.Update(job, [Agent("a:1", 0, 0), Agent("a:1", 1, 0), Agent("b:2", 0, 1), Agent("c:3", 0, 0)], 1000);

        Assert.Equal(["a:1", "b:2", "c:3", "d:4"], nodes.Select(n => n.Node));
        var (a, b, c, d) = (nodes[0], nodes[1], nodes[2], nodes[3]);
        Assert.Equal((2, 0, 0, 1, 0, 100L), (a.Agents, a.BusyAgents, a.InFlight, a.Done, a.Failed, a.Files));
        Assert.Equal((1, 1, 1, 1, 1, 40L), (b.Agents, b.BusyAgents, b.InFlight, b.Done, b.Failed, b.Files));
        Assert.Equal(["cat-1"], b.InFlightTasks);
        Assert.Equal((1, 0, 0L), (c.Agents, c.Done, c.Files)); // agents, no task of this job
        Assert.Equal((0, 2, 7L), (d.Agents, d.Done, d.Files)); // its agents are gone, its tasks still count
        Assert.All(nodes, n => Assert.Equal(0, n.FilesPerSecond)); // one poll: no rate yet
    }

    [Fact]
    public void A_view_cut_to_a_few_task_rows_is_counted_from_its_per_node_totals()
    {
        var tracker = new NodeActivityTracker();
        // One row listed of many (a view cut to one remote message); the totals count them all.
        var job = Job("j", Node("a:1", succeeded: 600, files: 60_000, failed: 1, "hash-7", "hash-8"), Node("b:2", succeeded: 398, files: 39_800)) with
        {
            Tasks = [new TaskView("hash-0", "file-hash", TaskState.Succeeded, 1, "a:1", null, null, new Dictionary<string, string> { ["files"] = "100" })],
            TasksOmitted = 999,
        };

        var nodes = tracker.Update(job, [Agent("a:1", 0, 1)], 1000);

        Assert.Equal(["a:1", "b:2"], nodes.Select(n => n.Node));
        Assert.Equal((1, 2, 600, 1, 60_000L), (nodes[0].Agents, nodes[0].InFlight, nodes[0].Done, nodes[0].Failed, nodes[0].Files));
        Assert.Equal(["hash-7", "hash-8"], nodes[0].InFlightTasks);
        Assert.Equal((0, 398, 39_800L), (nodes[1].Agents, nodes[1].Done, nodes[1].Files));
    }

    [Fact]
    public void The_rate_is_files_finished_per_second_over_the_recent_polls_and_starts_again_with_the_next_job()
    {
        var tracker = new NodeActivityTracker();
        tracker.Update(Job("j", Node("a:1", 1, files: 1000)), [], 0);
        tracker.Update(Job("j", Node("a:1", 2, files: 1500)), [], 1000);
        var later = tracker.Update(Job("j", Node("a:1", 3, files: 3000)), [], 2000);
        Assert.Equal(3000, later[0].Files);
        Assert.Equal(1000, later[0].FilesPerSecond, 3); // 2000 more files in 2 s

        // Polls older than the window no longer count: 6 s later nothing new finished.
        var quiet = tracker.Update(Job("j", Node("a:1", 3, files: 3000)), [], 8000);
        var idle = tracker.Update(Job("j", Node("a:1", 3, files: 3000)), [], 9000);
        Assert.Equal(0, quiet[0].FilesPerSecond);
        Assert.Equal(0, idle[0].FilesPerSecond);

        var next = tracker.Update(Job("k", Node("a:1", 1, files: 10)), [], 9500);
        Assert.Equal(10, next[0].Files);
        Assert.Equal(0, next[0].FilesPerSecond);
    }
}
