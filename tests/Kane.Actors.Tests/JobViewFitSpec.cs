using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

/// <summary>A job's view sent to another node is cut to one remote frame; one that fits is sent whole.</summary>
public sealed class JobViewFitSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly NodeRef NodeA = new("a:1", 1, "kane://kane@a:1/user/kane-node");

    private static JobView LargeView()
    {
        // 1,500 finished tasks whose outputs name long folders and 150 failures with long messages: ~450 kB of rows.
        var ids = Enumerable.Range(0, 1650).Select(i => $"organize-range-{i:D5}").ToArray();
        var s = new JobState(t => t.Timeout ?? TimeSpan.FromMinutes(1));
        s.Apply(new JobCreated("j", "job", TaskPriority.Normal, JobRoots.None, null, new Dictionary<string, string>(), "digest", T0));
        s.Apply(new TasksAdded([.. ids.Select(id => new KaneTask(id, "t", TaskPriority.Normal, []))], T0));
        s.Apply(new TasksDispatched(NodeA, [.. ids.Select(id => new TaskAttempt(id, s.Find(id)!.Attempt))], T0));
        var output = new Dictionary<string, string> { ["files"] = "5000", ["last"] = "/data/" + new string('p', 200) };
        s.Apply(new TaskResultsRecorded([.. ids.Take(1500).Select(id => new RecordedResult(id, 1, "a:1/0", null, 0, 10, output, 1))], [], T0));
        s.Apply(new TaskResultsRecorded([.. ids.Skip(1500).Select(id => new RecordedResult(id, 1, "a:1/0",
            TaskError.Fatal(ErrorCodes.ENOENT, "gone: /data/" + new string('q', 300)), 0, 0, null, 1))], [], T0));
        return s.View(s.Progress(0, 0), includeTasks: true, maxTasks: 10_000);
    }

    private static int Json(JobView view) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(view, AgentsWire.Json).Length;

    [Fact]
    public void A_view_too_large_for_a_frame_is_cut_to_fit_and_says_how_many_rows_it_left_out()
    {
        var whole = LargeView();
        Assert.True(Json(whole) > 128_000); // what went to dead letters before

        var fit = JobViewFit.Fit(whole, 128_000 - JobViewFit.FrameOverhead);

        Assert.InRange(Json(fit), 100_000, 128_000 - JobViewFit.FrameOverhead);
        Assert.Equal(1650, fit.Tasks.Count + fit.TasksOmitted);
        Assert.Equal(1650, fit.Progress.Total);
        Assert.Equal(whole.Tasks.Take(fit.Tasks.Count), fit.Tasks); // failures first, the tail taken off
        Assert.Equal(whole.Errors, fit.Errors);
    }

    [Fact]
    public void A_cut_view_still_counts_every_task_of_each_node()
    {
        var fit = JobViewFit.Fit(LargeView(), 128_000 - JobViewFit.FrameOverhead);

        Assert.True(fit.TasksOmitted > 0);
        var node = Assert.Single(fit.Nodes);
        Assert.Equal(("a:1", 0, 1500, 150), (node.Node, node.Dispatched, node.Succeeded, node.Failed));
        Assert.Equal(1500L * 5000, node.Totals["files"]); // the rows left out too
        Assert.False(node.Totals.ContainsKey("last")); // not an integer
    }

    [Fact]
    public void Per_node_totals_list_a_few_of_the_running_tasks_and_come_only_with_task_rows()
    {
        var s = new JobState(t => t.Timeout ?? TimeSpan.FromMinutes(1));
        s.Apply(new JobCreated("j", "job", TaskPriority.Normal, JobRoots.None, null, new Dictionary<string, string>(), "digest", T0));
        var ids = Enumerable.Range(0, 10).Select(i => $"t{i}").ToArray();
        s.Apply(new TasksAdded([.. ids.Select(id => new KaneTask(id, "t", TaskPriority.Normal, []))], T0));
        var nodeB = new NodeRef("b:2", 2, "kane://kane@b:2/user/kane-node");
        s.Apply(new TasksDispatched(NodeA, [.. ids.Take(6).Select(id => new TaskAttempt(id, s.Find(id)!.Attempt))], T0));
        s.Apply(new TasksDispatched(nodeB, [.. ids.Skip(6).Select(id => new TaskAttempt(id, s.Find(id)!.Attempt))], T0));
        s.Apply(new TaskResultsRecorded([new RecordedResult("t9", 1, "b:2/0", null, 0, 10, new Dictionary<string, string> { ["files"] = "7" }, 1)], [], T0));

        var view = s.View(s.Progress(0, 0), includeTasks: true, maxTasks: 1);

        Assert.Single(view.Tasks);
        Assert.Equal(["a:1", "b:2"], view.Nodes.Select(n => n.Node));
        Assert.Equal((6, 0), (view.Nodes[0].Dispatched, view.Nodes[0].Succeeded));
        Assert.Equal(["t0", "t1", "t2", "t3"], view.Nodes[0].DispatchedTasks);
        Assert.Equal((3, 1, 7L), (view.Nodes[1].Dispatched, view.Nodes[1].Succeeded, view.Nodes[1].Totals["files"]));
        Assert.Empty(s.View(s.Progress(0, 0), includeTasks: false, maxTasks: 0).Nodes);
    }

    [Fact]
    public void The_estimate_that_lets_a_view_through_unwritten_is_above_its_json()
    {
        var whole = LargeView();
        foreach (var view in new[] { whole, whole with { Tasks = [.. whole.Tasks.Take(50)] }, whole with { Tasks = [], Errors = [] } })
            Assert.InRange(JobViewFit.Estimate(view), Json(view), Json(view) * 3);
    }

    [Fact]
    public void A_view_that_fits_is_sent_whole()
    {
        var whole = LargeView() is var v ? v with { Tasks = [.. v.Tasks.Take(50)] } : null!;
        Assert.Same(whole, JobViewFit.Fit(whole, 128_000 - JobViewFit.FrameOverhead));
    }
}
