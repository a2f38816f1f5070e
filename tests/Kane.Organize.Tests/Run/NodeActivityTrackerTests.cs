using Kane.Actors;
using Kane.Organize.Run;

namespace Kane.Organize.Tests.Run;

/// <summary>Per-node activity from a job's task rows and the agent list, without a cluster.</summary>
public sealed class NodeActivityTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static TaskView Task(string id, TaskState state, string? node, int files = 0, string type = "file-hash") =>
        new(id, type, state, 1, node, null, null, state == TaskState.Succeeded ? new Dictionary<string, string> { ["files"] = files.ToString(System.Globalization.CultureInfo.InvariantCulture) } : new Dictionary<string, string>());

    private static JobView Job(string id, params TaskView[] tasks) =>
        new(id, "organize", JobStatus.Running, TaskPriority.Normal, JobProgress.Empty, T0, null, tasks, []);

    private static AgentInfo Agent(string node, int n, int running) =>
        new($"{node}/{n}", node, running > 0 ? AgentStatus.Executing : AgentStatus.Idle, [], 1, running, AgentMetrics.Zero, "closed");

    [Fact]
    public void Tasks_are_counted_on_the_node_that_ran_them_and_files_come_from_finished_tasks_only()
    {
        var tracker = new NodeActivityTracker();
        var job = Job("j",
            Task("hash-0", TaskState.Succeeded, "a:1", files: 100),
            Task("cat-0", TaskState.Succeeded, "b:2", files: 40, type: "file-categorize"),
            Task("cat-1", TaskState.Dispatched, "b:2", type: "file-categorize"),
            Task("move-0", TaskState.Failed, "b:2", type: "file-move"),
            Task("move-1", TaskState.Queued, null, type: "file-move"));

        var nodes = tracker.Update(job, [Agent("a:1", 0, 0), Agent("a:1", 1, 0), Agent("b:2", 0, 1), Agent("c:3", 0, 0)], 1000);

        Assert.Equal(["a:1", "b:2", "c:3"], nodes.Select(n => n.Node));
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        Assert.Equal((2, 0, 0, 1, 0, 100L), (a.Agents, a.BusyAgents, a.InFlight, a.Done, a.Failed, a.Files));
        Assert.Equal((1, 1, 1, 1, 1, 40L), (b.Agents, b.BusyAgents, b.InFlight, b.Done, b.Failed, b.Files));
        Assert.Equal(["cat-1"], b.InFlightTasks);
        Assert.Equal((0, 0L), (c.Done, c.Files));
        Assert.All(nodes, n => Assert.Equal(0, n.FilesPerSecond)); // one poll: no rate yet
    }

    [Fact]
    public void A_view_with_per_node_totals_is_counted_from_them_not_from_its_possibly_cut_rows()
    {
        var tracker = new NodeActivityTracker();
        // One row listed of many (a view cut to one remote message); the totals count them all.
        var job = Job("j", Task("hash-0", TaskState.Succeeded, "a:1", files: 100)) with
        {
            TasksOmitted = 999,
            Nodes =
            [
                new NodeTasks("a:1", 2, ["hash-7", "hash-8"], 600, 1, new Dictionary<string, long> { ["files"] = 60_000 }),
                new NodeTasks("b:2", 0, [], 398, 0, new Dictionary<string, long> { ["files"] = 39_800 }),
            ],
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
        tracker.Update(Job("j", Task("t0", TaskState.Succeeded, "a:1", files: 1000)), [], 0);
        tracker.Update(Job("j", Task("t0", TaskState.Succeeded, "a:1", files: 1000), Task("t1", TaskState.Succeeded, "a:1", files: 500)), [], 1000);
        var later = tracker.Update(Job("j", Task("t0", TaskState.Succeeded, "a:1", files: 1000), Task("t1", TaskState.Succeeded, "a:1", files: 500),
            Task("t2", TaskState.Succeeded, "a:1", files: 1500)), [], 2000);
        Assert.Equal(3000, later[0].Files);
        Assert.Equal(1000, later[0].FilesPerSecond, 3); // 2000 more files in 2 s

        // Polls older than the window no longer count: 6 s later nothing new finished.
        var quiet = tracker.Update(Job("j", Task("t0", TaskState.Succeeded, "a:1", files: 1000), Task("t1", TaskState.Succeeded, "a:1", files: 500),
            Task("t2", TaskState.Succeeded, "a:1", files: 1500)), [], 8000);
        var idle = tracker.Update(Job("j", Task("t0", TaskState.Succeeded, "a:1", files: 1000), Task("t1", TaskState.Succeeded, "a:1", files: 500),
            Task("t2", TaskState.Succeeded, "a:1", files: 1500)), [], 9000);
        Assert.Equal(0, quiet[0].FilesPerSecond);
        Assert.Equal(0, idle[0].FilesPerSecond);

        var next = tracker.Update(Job("k", Task("u0", TaskState.Succeeded, "a:1", files: 10)), [], 9500);
        Assert.Equal(10, next[0].Files);
        Assert.Equal(0, next[0].FilesPerSecond);
    }
}
