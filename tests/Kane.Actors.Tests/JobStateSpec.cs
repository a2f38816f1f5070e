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

    [Fact]
    public void Per_node_totals_kept_as_tasks_change_equal_a_count_over_every_task_row()
    {
        // Random dispatches (to two incarnations of one node and to two other nodes), results, requeues, steals,
        // abandons, snapshots restored, a cancel: after every event the view's per-node totals, kept as tasks change
        // state, equal what its full task rows add up to.
        var random = new Random(7);
        var nodes = new[]
        {
            NodeA, new NodeRef("a:1", 9, "kane://kane@a:1/user/kane-node"), new NodeRef("b:2", 2, "kane://kane@b:2/user/kane-node"),
            new NodeRef("c:3", 3, "kane://kane@c:3/user/kane-node"),
        };
        var s = Job([.. Enumerable.Range(0, 60).Select(i => i % 10 == 9 ? Task($"t{i:00}", $"t{i - 1:00}") : Task($"t{i:00}"))]);
        for (var step = 0; step < 600; step++)
        {
            var all = s.View(s.Progress(0, 0), includeTasks: true, maxTasks: int.MaxValue).Tasks;
            TaskView[] In(TaskState state) => [.. all.Where(t => t.State == state).OrderBy(_ => random.Next()).Take(random.Next(1, 6))];
            switch (random.Next(step == 500 ? 7 : 6))
            {
                case 0 or 1:
                    s.Apply(new TasksDispatched(nodes[random.Next(nodes.Length)], [.. In(TaskState.Queued).Select(t => new TaskAttempt(t.TaskId, t.Attempt))], T0));
                    break;
                case 2:
                    s.Apply(new TaskResultsRecorded([.. In(TaskState.Dispatched).Select(t => random.Next(4) == 0
                        ? Fail(t.TaskId, t.Attempt)
                        : Ok(t.TaskId, t.Attempt) with { Output = Output(random) })], [], T0));
                    break;
                case 3:
                    s.Apply(new TasksRequeued([.. In(TaskState.Dispatched).Select(t => new TaskAttempt(t.TaskId, t.Attempt))], "node lost", T0));
                    break;
                case 4:
                    if (In(TaskState.Dispatched) is [var stolen, ..])
                        s.Apply(new TasksStolen(stolen.Node!, nodes[random.Next(nodes.Length)], [new TaskAttempt(stolen.TaskId, stolen.Attempt)], T0));
                    break;
                case 5:
                    if (random.Next(8) == 0) s.Apply(new TasksAbandoned([.. In(TaskState.Dispatched).Concat(In(TaskState.Queued)).Select(t => t.TaskId)], "deadline", T0));
                    else if (random.Next(8) == 0)
                    {
                        var restored = new JobState(_ => TimeSpan.FromMinutes(1));
                        restored.Restore(s.ToSnapshot());
                        s = restored;
                    }
                    break;
                default:
                    s.Apply(new JobCancelled("stop", T0));
                    break;
            }
            var view = s.View(s.Progress(0, 0), includeTasks: true, maxTasks: int.MaxValue);
            Assert.Equal(Counted(view.Tasks), Shown(view.Nodes));
        }
        Assert.Contains(s.View(s.Progress(0, 0), includeTasks: true, maxTasks: 0).Nodes, n => n.Succeeded > 0 && n.Failed > 0);
    }

    private static Dictionary<string, string>? Output(Random random) => random.Next(5) switch
    {
        0 => null,
        1 => new() { ["files"] = "-3", ["note"] = "x" },
        _ => new() { ["files"] = random.Next(0, 1000).ToString(), ["bytes"] = random.NextInt64(0, 1L << 40).ToString(), ["last"] = "/a/b" },
    };

    /// <summary>Per-node totals as text, from every task row: what the view's <see cref="JobView.Nodes"/> must say.</summary>
    private static List<string> Counted(IReadOnlyList<TaskView> rows)
    {
        // Rows list failed tasks first, then the others in task order: the dispatched ones are in task order.
        var byNode = rows.Where(t => t.Node is not null && t.State is TaskState.Dispatched or TaskState.Succeeded or TaskState.Failed)
            .GroupBy(t => t.Node!).OrderBy(g => g.Key, StringComparer.Ordinal);
        return [.. byNode.Select(g =>
        {
            var totals = g.Where(t => t.State == TaskState.Succeeded)
                .SelectMany(t => t.Output.Where(o => long.TryParse(o.Value, out _)).Select(o => (o.Key, Value: long.Parse(o.Value))))
                .GroupBy(o => o.Key).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Sum(x => x.Value)}");
            var dispatched = g.Where(t => t.State == TaskState.Dispatched).Select(t => t.TaskId).ToList();
            return $"{g.Key} d={dispatched.Count} [{string.Join(",", dispatched.Take(NodeTasks.ListedDispatched))}] " +
                $"s={g.Count(t => t.State == TaskState.Succeeded)} f={g.Count(t => t.State == TaskState.Failed)} {string.Join(" ", totals)}";
        })];
    }

    private static List<string> Shown(IReadOnlyList<NodeTasks> nodes) => [.. nodes.Select(n =>
        $"{n.Node} d={n.Dispatched} [{string.Join(",", n.DispatchedTasks)}] s={n.Succeeded} f={n.Failed} " +
        string.Join(" ", n.Totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))];
}
