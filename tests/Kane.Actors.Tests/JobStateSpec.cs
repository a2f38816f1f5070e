using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

/// <summary>The job's task state machine, applied from events without an actor.</summary>
public sealed class JobStateSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly NodeRef NodeA = new("a:1", 1, "kane://kane@a:1/user/kane-node");

    private static KaneTask Task(string id, params string[] deps) => new(id, "t", TaskPriority.Normal, []) { DependsOn = deps };

    private static JobState Job(params KaneTask[] tasks)
    {
        var s = new JobState(t => t.Timeout ?? TimeSpan.FromMinutes(1));
        s.Apply(new JobCreated("j", "job", TaskPriority.Normal, JobRoots.None, null, new Dictionary<string, string>(), "digest", T0));
        s.Apply(new TasksAdded(tasks, T0));
        return s;
    }

    private static void Dispatch(JobState s, params string[] ids) =>
        s.Apply(new TasksDispatched(NodeA, [.. ids.Select(id => new TaskAttempt(id, s.Find(id)!.Attempt))], T0));

    private static RecordedResult Ok(string id, int attempt = 1) => new(id, attempt, "a:1/0", null, 0, 10, null, 1);

    private static RecordedResult Fail(string id, int attempt = 1) => new(id, attempt, "a:1/0", TaskError.Fatal(ErrorCodes.ENOENT, "gone"), 0, 0, null, 1);

    [Fact]
    public void Tasks_wait_for_their_dependencies_and_are_queued_when_all_succeeded()
    {
        var s = Job(Task("a"), Task("b"), Task("c", "a", "b"));
        Assert.Equal(["a", "b"], s.TakeNewlyQueued(s.QueueSeq).Select(e => e.Id).Order());
        Dispatch(s, "a", "b");
        s.Apply(new TaskResultsRecorded([Ok("a")], [], T0));
        Assert.Equal(TaskState.Pending, s.Find("c")!.State);
        s.Apply(new TaskResultsRecorded([Ok("b")], [], T0));
        Assert.Equal(TaskState.Queued, s.Find("c")!.State);
        Assert.Equal(1, s.Find("c")!.Attempt);
        Assert.Equal(20, s.Bytes);
    }

    [Fact]
    public void Newly_queued_tasks_are_handed_out_only_up_to_the_journaled_queuing_and_once()
    {
        var s = Job(Task("a"), Task("b"));
        var journaled = s.QueueSeq;
        s.Apply(new TasksAdded([Task("c")], T0)); // its write still in flight
        Assert.Equal(["a", "b"], s.TakeNewlyQueued(journaled).Select(e => e.Id).Order());
        Assert.Empty(s.TakeNewlyQueued(journaled));
        Dispatch(s, "c"); // dispatched before it was offered: no longer new when its write lands
        s.Apply(new TasksRequeued([new TaskAttempt("c", 1)], "node left", T0));
        Assert.Equal(["c"], s.TakeNewlyQueued(s.QueueSeq).Select(e => e.Id)); // the requeue, once, not the first queuing
        Assert.Empty(s.TakeNewlyQueued(s.QueueSeq));
    }

    [Fact]
    public void Advancing_attempts_makes_every_queued_attempt_stale_and_counts_it_as_a_previous_attempt()
    {
        var s = Job(Task("a"), Task("b"), Task("c", "a"));
        Dispatch(s, "b");
        s.Apply(new AttemptsAdvanced(T0));
        Assert.Equal((2, 1), (s.Find("a")!.Attempt, s.Find("a")!.PreviousAttempts));
        Assert.Equal((1, 0), (s.Find("b")!.Attempt, s.Find("b")!.PreviousAttempts)); // dispatched: journaled, untouched
        Assert.Equal((0, 0), (s.Find("c")!.Attempt, s.Find("c")!.PreviousAttempts)); // pending: never offered
        s.Apply(new TasksDispatched(NodeA, [new TaskAttempt("a", 1)], T0));
        Assert.Equal(TaskState.Queued, s.Find("a")!.State);
        s.Apply(new TaskResultsRecorded([Ok("a", attempt: 1)], [], T0));
        Assert.Equal(TaskState.Queued, s.Find("a")!.State);
        Dispatch(s, "a");
        s.Apply(new TaskResultsRecorded([Ok("a", attempt: 2)], [], T0));
        Assert.Equal(TaskState.Succeeded, s.Find("a")!.State);
        Assert.Equal((TaskState.Queued, 1), (s.Find("c")!.State, s.Find("c")!.Attempt));
    }

    [Fact]
    public void A_failed_task_abandons_its_dependents_transitively()
    {
        var s = Job(Task("a"), Task("b", "a"), Task("c", "b"), Task("d"));
        Dispatch(s, "a");
        s.Apply(new TaskResultsRecorded([Fail("a")], [], T0));
        Assert.Equal(TaskState.Failed, s.Find("a")!.State);
        Assert.Equal(TaskState.Abandoned, s.Find("b")!.State);
        Assert.Equal(TaskState.Abandoned, s.Find("c")!.State);
        Assert.Equal(TaskState.Queued, s.Find("d")!.State);
        Assert.Equal(2, s.Count(TaskState.Abandoned));
    }

    [Fact]
    public void A_result_of_an_old_attempt_or_a_repeated_result_changes_nothing()
    {
        var s = Job(Task("a"));
        Dispatch(s, "a");
        s.Apply(new TasksRequeued([new TaskAttempt("a", 1)], "node left", T0));
        var e = s.Find("a")!;
        Assert.Equal((TaskState.Queued, 2, 1), (e.State, e.Attempt, e.PreviousAttempts));
        s.Apply(new TaskResultsRecorded([Ok("a", attempt: 1)], [], T0));
        Assert.Equal(TaskState.Queued, e.State);
        Dispatch(s, "a");
        s.Apply(new TaskResultsRecorded([Ok("a", attempt: 2)], [], T0));
        s.Apply(new TaskResultsRecorded([Ok("a", attempt: 2)], [], T0));
        Assert.Equal(TaskState.Succeeded, e.State);
        Assert.Equal(10, s.Bytes);
        Assert.Equal(1, s.Retried);
    }

    [Fact]
    public void Dispatched_attempts_are_indexed_by_node_and_time_out_after_their_timeout()
    {
        var s = Job(Task("a"), Task("b") with { Timeout = TimeSpan.FromSeconds(5) });
        Dispatch(s, "a", "b");
        Assert.Equal(2, s.DispatchedOn("a:1", 1).Count);
        Assert.Empty(s.DispatchedOn("a:1", 2));
        Assert.Empty(s.DueTimeouts(T0.AddSeconds(4)));
        Assert.Equal([new TaskAttempt("b", 1)], s.DueTimeouts(T0.AddSeconds(6)));
        Assert.Equal([new TaskAttempt("a", 1)], s.DueTimeouts(T0.AddMinutes(2)));
    }

    [Fact]
    public void A_snapshot_restores_states_indexes_and_counts()
    {
        var s = Job(Task("a"), Task("b"), Task("c", "a"), Task("d", "b"));
        Dispatch(s, "a", "b");
        s.Apply(new TaskResultsRecorded([Ok("a")], [], T0));
        var restored = new JobState(_ => TimeSpan.FromMinutes(1));
        restored.Restore(s.ToSnapshot());
        Assert.Equal(s.Progress(0, 0), restored.Progress(0, 0));
        Assert.Equal(["c"], restored.Queued.Select(e => e.Id));
        Assert.Single(restored.DispatchedOn("a:1", 1));
        restored.Apply(new TaskResultsRecorded([Ok("b")], [], T0));
        Assert.Equal(TaskState.Queued, restored.Find("d")!.State);
    }

    [Fact]
    public void A_steal_moves_the_attempt_to_the_thief_as_the_next_attempt()
    {
        var s = Job(Task("a"));
        Dispatch(s, "a");
        var thief = new NodeRef("b:1", 2, "kane://kane@b:1/user/kane-node");
        s.Apply(new TasksStolen("a:1", thief, [new TaskAttempt("a", 1)], T0));
        var e = s.Find("a")!;
        Assert.Equal((TaskState.Dispatched, 2, "b:1"), (e.State, e.Attempt, e.Node!.Node));
        Assert.Empty(s.DispatchedOn("a:1", 1));
        Assert.Single(s.DispatchedOn("b:1", 2));
    }
}
