using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

public sealed class NodeCoordinatorDequeSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static TaskOffer Offer(string id, TaskPriority priority = TaskPriority.Normal, int rank = 0, int queuedSeconds = 0, int attempt = 1) =>
        new(new KaneTask(id, "file-hash", priority, []) { Rank = rank }, attempt, 0, T0.AddSeconds(queuedSeconds));

    private static string[] Order(TaskDeque d) => [.. d.InOrder.Select(q => q.Task.Id)];

    [Fact]
    public void Tasks_leave_by_priority_then_rank_then_queue_time_then_arrival()
    {
        var d = new TaskDeque();
        d.Add("j", JobRoots.None, Offer("normal-late", queuedSeconds: 5));
        d.Add("j", JobRoots.None, Offer("low", TaskPriority.Low));
        d.Add("j", JobRoots.None, Offer("normal-early", queuedSeconds: 1));
        d.Add("j", JobRoots.None, Offer("critical", TaskPriority.Critical));
        d.Add("j", JobRoots.None, Offer("normal-ranked", rank: 3, queuedSeconds: 9));
        d.Add("j", JobRoots.None, Offer("normal-late-2", queuedSeconds: 5));
        Assert.Equal(["critical", "normal-ranked", "normal-early", "normal-late", "normal-late-2", "low"], Order(d));
        Assert.Equal("low", d.LowestFirst.First().Task.Id);
    }

    [Fact]
    public void A_repeated_or_older_attempt_is_ignored_and_a_newer_one_replaces_the_queued_one()
    {
        var d = new TaskDeque();
        Assert.True(d.Add("j", JobRoots.None, Offer("t", attempt: 2)));
        Assert.False(d.Add("j", JobRoots.None, Offer("t", attempt: 2)));
        Assert.False(d.Add("j", JobRoots.None, Offer("t", attempt: 1)));
        Assert.True(d.Add("j", JobRoots.None, Offer("t", attempt: 3)));
        Assert.Equal(3, Assert.Single(d.InOrder).Offer.Attempt);
        Assert.True(d.Add("other-job", JobRoots.None, Offer("t", attempt: 1)));
        Assert.Equal(2, d.Count);
    }

    [Fact]
    public void Removing_a_job_takes_only_its_tasks()
    {
        var d = new TaskDeque();
        d.Add("a", JobRoots.None, Offer("1"));
        d.Add("b", JobRoots.None, Offer("2"));
        d.Add("a", JobRoots.None, Offer("3"));
        Assert.Equal(2, d.RemoveJob("a").Count);
        Assert.Equal(["2"], Order(d));
    }

    [Fact]
    public void A_refused_task_goes_back_to_its_place()
    {
        var d = new TaskDeque();
        d.Add("j", JobRoots.None, Offer("first", TaskPriority.High));
        d.Add("j", JobRoots.None, Offer("second"));
        var first = d.InOrder.First();
        Assert.True(d.Remove(first));
        d.Requeue(first);
        Assert.Equal(["first", "second"], Order(d));
    }

    [Fact]
    public void Latency_window_percentiles_are_nearest_rank()
    {
        var w = new LatencyWindow(100);
        for (var i = 1; i <= 100; i++) w.Add(i);
        Assert.Equal([50.0, 95.0, 99.0], w.Percentiles(50, 95, 99));
        Assert.Equal([0.0], new LatencyWindow().Percentiles(50));
    }
}
