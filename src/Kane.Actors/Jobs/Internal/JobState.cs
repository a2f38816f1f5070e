namespace Kane.Actors.Internal;

/// <summary>
/// A job's tasks and their states, built by applying its journal events (<see cref="Apply"/>), live and on replay.
/// Keeps indexes so that no message costs a scan of every task: the queued set, dispatched attempts by node, the
/// dependents of each task, a timeout heap and a task-deadline heap, counts by state, and per-node tallies.
/// </summary>
internal sealed class JobState(Func<KaneTask, TimeSpan> timeoutOf)
{
    private readonly Dictionary<string, TaskEntry> _tasks = new(StringComparer.Ordinal);
    private readonly List<TaskEntry> _ordered = [];
    private readonly HashSet<TaskEntry> _queued = [];
    private readonly Dictionary<string, HashSet<TaskEntry>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeRef> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskEntry>> _dependents = new(StringComparer.Ordinal);
    private readonly PriorityQueue<TaskEntry, DateTimeOffset> _timeouts = new();
    private readonly PriorityQueue<TaskEntry, DateTimeOffset> _deadlines = new();
    private readonly List<TaskEntry> _errored = [];
    private readonly Queue<(long Seq, TaskEntry Entry)> _newlyQueued = new();
    private readonly int[] _counts = new int[6];
    // Per node name, kept as tasks change state (SetState), so that a view with task rows does not scan every task.
    private readonly Dictionary<string, NodeTally> _tally = new(StringComparer.Ordinal);
    private long _queueSeq;

    public JobCreated? Created { get; private set; }
    public JobStatus Status { get; private set; } = JobStatus.Running;
    public DateTimeOffset? Finished { get; private set; }
    public int Retried { get; private set; }
    public long Bytes { get; private set; }
    /// <summary>Numbers every queuing in this incarnation (<see cref="TaskEntry.QueueSeq"/>): the entity offers only queuings whose event is journaled.</summary>
    public long QueueSeq => _queueSeq;
    /// <summary>Grows with every change; the job reports progress when it moved.</summary>
    public long Version { get; private set; }

    public bool Exists => Created is not null;
    public bool IsRunning => Exists && Status == JobStatus.Running;
    public int Total => _ordered.Count;
    public int Count(TaskState state) => _counts[(int)state];
    public int Unfinished => Count(TaskState.Pending) + Count(TaskState.Queued) + Count(TaskState.Dispatched);
    public IReadOnlyCollection<TaskEntry> Queued => _queued;

    public TaskEntry? Find(string taskId) => _tasks.GetValueOrDefault(taskId);

    public bool Contains(string taskId) => _tasks.ContainsKey(taskId);

    /// <summary>Nodes that hold dispatched attempts (node coordinators to tell on cancel).</summary>
    public IEnumerable<NodeRef> NodesWithDispatched => _byNode.Where(kv => kv.Value.Count > 0).Select(kv => _nodes[kv.Key]);

    /// <summary>Dispatched attempts per node (key: <see cref="NodeKey"/>).</summary>
    public IEnumerable<(NodeRef Node, IReadOnlyCollection<TaskEntry> Tasks)> DispatchedByNode =>
        _byNode.Where(kv => kv.Value.Count > 0).Select(kv => (_nodes[kv.Key], (IReadOnlyCollection<TaskEntry>)kv.Value));

    public IReadOnlyCollection<TaskEntry> DispatchedOn(string host, long uid) =>
        _byNode.TryGetValue(NodeKey(host, uid), out var set) ? set : [];

    public static string NodeKey(string host, long uid) => $"{host}#{uid}";

    /// <summary>
    /// Tasks that became queued since the last call by queuings numbered up to <paramref name="journaledUpTo"/> (to
    /// offer); later queuings stay for a later call, once their events are journaled.
    /// </summary>
    public List<TaskEntry> TakeNewlyQueued(long journaledUpTo)
    {
        var list = new List<TaskEntry>();
        while (_newlyQueued.TryPeek(out var q) && q.Seq <= journaledUpTo)
        {
            _newlyQueued.Dequeue();
            if (q.Entry.State == TaskState.Queued && q.Entry.QueueSeq == q.Seq) list.Add(q.Entry);
        }
        return list;
    }

    /// <summary>Current dispatched attempts whose timeout passed at <paramref name="now"/>.</summary>
    public List<TaskAttempt> DueTimeouts(DateTimeOffset now)
    {
        var due = new List<TaskAttempt>();
        var seen = new HashSet<TaskEntry>();
        while (_timeouts.TryPeek(out var e, out var at) && at <= now)
        {
            _timeouts.Dequeue();
            if (e.State == TaskState.Dispatched && e.TimeoutAt <= now && seen.Add(e))
                due.Add(new TaskAttempt(e.Id, e.Attempt));
        }
        return due;
    }

    /// <summary>
    /// The timeout of a dispatched attempt moves to <paramref name="at"/> (its node still holds it and it has not run for
    /// its whole timeout). Not journaled: a recovered job counts from the dispatch again and asks again.
    /// </summary>
    public void Rearm(TaskAttempt attempt, DateTimeOffset at)
    {
        if (!_tasks.TryGetValue(attempt.TaskId, out var e) || e.State != TaskState.Dispatched || e.Attempt != attempt.Attempt) return;
        e.TimeoutAt = at;
        _timeouts.Enqueue(e, at);
    }

    /// <summary>The timeout of <paramref name="task"/>'s attempts.</summary>
    public TimeSpan TimeoutOf(KaneTask task) => timeoutOf(task);

    /// <summary>Pending or queued tasks whose deadline passed at <paramref name="now"/>.</summary>
    public List<string> DueDeadlines(DateTimeOffset now)
    {
        var due = new List<string>();
        while (_deadlines.TryPeek(out var e, out var at) && at <= now)
        {
            _deadlines.Dequeue();
            if (e.State is TaskState.Pending or TaskState.Queued)
                due.Add(e.Id);
        }
        return due;
    }

    public IEnumerable<string> UnfinishedIds => _ordered.Where(e => !e.IsTerminal).Select(e => e.Id);

    public void Apply(object @event)
    {
        if (@event is not JobProgressCheckpoint) Version++;
        switch (@event)
        {
            case JobCreated c:
                Created = c;
                Status = JobStatus.Running;
                break;
            case TasksAdded a:
                AddTasks(a.Tasks, a.At);
                break;
            case TasksDispatched d:
                foreach (var a in d.Attempts)
                    if (_tasks.TryGetValue(a.TaskId, out var e) && e.State == TaskState.Queued && e.Attempt == a.Attempt)
                        Dispatch(e, d.Node, d.At);
                break;
            case TaskResultsRecorded r:
                foreach (var result in r.Results) ApplyResult(result, r.At);
                AddTasks(r.FollowUps, r.At);
                break;
            case TaskRetryScheduled s:
                if (_tasks.TryGetValue(s.TaskId, out var retrying) && retrying.State == TaskState.Dispatched && retrying.Attempt == s.Attempt)
                {
                    CountRetries(retrying, s.Retry);
                    var timeoutAt = s.RetryAt + timeoutOf(retrying.Task);
                    if (timeoutAt > retrying.TimeoutAt)
                    {
                        retrying.TimeoutAt = timeoutAt;
                        _timeouts.Enqueue(retrying, timeoutAt);
                    }
                }
                break;
            case TasksRequeued q:
                foreach (var a in q.Attempts)
                    if (_tasks.TryGetValue(a.TaskId, out var e) && e.State == TaskState.Dispatched && e.Attempt == a.Attempt)
                    {
                        Undispatch(e);
                        e.PreviousAttempts++;
                        Retried++;
                        Queue(e, q.At);
                    }
                break;
            case TasksStolen s:
                foreach (var a in s.Attempts)
                    if (_tasks.TryGetValue(a.TaskId, out var e) && e.State == TaskState.Dispatched && e.Attempt == a.Attempt && e.Node?.Node == s.FromNode)
                    {
                        Undispatch(e);
                        e.Attempt++;
                        e.Retries = 0;
                        SetState(e, TaskState.Queued);
                        Dispatch(e, s.To, s.At);
                    }
                break;
            case TasksAbandoned x:
                foreach (var id in x.TaskIds)
                    if (_tasks.TryGetValue(id, out var e))
                        Abandon(e, TaskError.Fatal(ErrorCodes.ECANCELED, x.Reason));
                break;
            case JobCancelled c:
                Status = JobStatus.Cancelled;
                Finished = c.At;
                var error = TaskError.Fatal(ErrorCodes.ECANCELED, "job cancelled: " + c.Reason);
                foreach (var e in _ordered)
                    if (!e.IsTerminal) Abandon(e, error);
                break;
            case JobEnded end:
                Status = end.Status;
                Finished = end.At;
                break;
            case AttemptsAdvanced:
                foreach (var e in _queued)
                {
                    e.Attempt++;
                    e.PreviousAttempts++;
                }
                break;
            case JobProgressCheckpoint:
                break;
        }
    }

    /// <summary>What the job's status is once every task is terminal.</summary>
    public JobStatus EndStatus => Count(TaskState.Failed) + Count(TaskState.Abandoned) == 0 ? JobStatus.Completed : JobStatus.CompletedWithErrors;

    private void AddTasks(IReadOnlyList<KaneTask> tasks, DateTimeOffset at)
    {
        if (tasks.Count == 0) return;
        var added = new List<TaskEntry>(tasks.Count);
        foreach (var task in tasks)
        {
            if (_tasks.ContainsKey(task.Id)) continue;
            var e = new TaskEntry(task, _ordered.Count);
            _tasks[task.Id] = e;
            _ordered.Add(e);
            _counts[(int)TaskState.Pending]++;
            added.Add(e);
            if (task.Deadline is { } deadline) _deadlines.Enqueue(e, deadline);
        }
        foreach (var e in added)
        {
            string? failedDep = null;
            foreach (var dep in e.Task.DependsOn)
            {
                if (_tasks.TryGetValue(dep, out var d) && d.State == TaskState.Succeeded) continue;
                if (d is { State: TaskState.Failed or TaskState.Abandoned }) failedDep ??= dep;
                e.PendingDeps++;
                if (!_dependents.TryGetValue(dep, out var list)) _dependents[dep] = list = [];
                list.Add(e);
            }
            if (failedDep is not null) Abandon(e, DependencyFailed(failedDep));
            else if (e.PendingDeps == 0 && e.State == TaskState.Pending) Queue(e, at);
        }
    }

    private static TaskError DependencyFailed(string dep) => TaskError.Fatal(ErrorCodes.ECANCELED, $"dependency {dep} failed or was abandoned");

    private void ApplyResult(RecordedResult r, DateTimeOffset at)
    {
        if (!_tasks.TryGetValue(r.TaskId, out var e) || e.State != TaskState.Dispatched || e.Attempt != r.Attempt) return;
        Undispatch(e);
        CountRetries(e, r.Retries);
        e.AgentId = r.AgentId;
        e.Output = r.Output is { Count: > 0 } ? r.Output : null;
        Bytes += r.Bytes;
        if (r.Error is null)
        {
            SetState(e, TaskState.Succeeded);
            if (_dependents.Remove(e.Id, out var dependents))
                foreach (var d in dependents)
                    if (d.State == TaskState.Pending && --d.PendingDeps == 0)
                        Queue(d, at);
        }
        else
        {
            e.Error = r.Error;
            SetState(e, TaskState.Failed);
            _errored.Add(e);
            AbandonDependents(e.Id);
        }
    }

    private void CountRetries(TaskEntry e, int retries)
    {
        if (retries <= e.Retries) return;
        Retried += retries - e.Retries;
        e.Retries = retries;
    }

    private void Queue(TaskEntry e, DateTimeOffset at)
    {
        e.Attempt++;
        e.Retries = 0;
        e.QueuedAt = at;
        e.QueueSeq = ++_queueSeq;
        SetState(e, TaskState.Queued); // first, so that the node's tally loses what the task counted there
        e.Node = null;
        _queued.Add(e);
        _newlyQueued.Enqueue((e.QueueSeq, e));
    }

    private void Dispatch(TaskEntry e, NodeRef node, DateTimeOffset at)
    {
        _queued.Remove(e);
        e.Node = node; // first, so that the task counts on this node's tally
        SetState(e, TaskState.Dispatched);
        e.DispatchedAt = at;
        e.TimeoutAt = at + timeoutOf(e.Task);
        _timeouts.Enqueue(e, e.TimeoutAt);
        var key = NodeKey(node.Node, node.Uid);
        _nodes[key] = node;
        if (!_byNode.TryGetValue(key, out var set)) _byNode[key] = set = [];
        set.Add(e);
    }

    private void Undispatch(TaskEntry e)
    {
        if (e.Node is { } n && _byNode.TryGetValue(NodeKey(n.Node, n.Uid), out var set)) set.Remove(e);
    }

    private void Abandon(TaskEntry e, TaskError error)
    {
        if (e.IsTerminal) return;
        if (e.State == TaskState.Queued) _queued.Remove(e);
        if (e.State == TaskState.Dispatched) Undispatch(e);
        e.Error = error;
        SetState(e, TaskState.Abandoned);
        _errored.Add(e);
        AbandonDependents(e.Id);
    }

    private void AbandonDependents(string id)
    {
        var stack = new Stack<string>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!_dependents.Remove(current, out var dependents)) continue;
            foreach (var d in dependents)
            {
                if (d.State != TaskState.Pending) continue;
                d.Error = DependencyFailed(current);
                SetState(d, TaskState.Abandoned);
                _errored.Add(d);
                stack.Push(d.Id);
            }
        }
    }

    private void SetState(TaskEntry e, TaskState state)
    {
        Tally(e, -1);
        _counts[(int)e.State]--;
        _counts[(int)state]++;
        e.State = state;
        Tally(e, +1);
    }

    /// <summary>Adds (+1) or takes back (-1) what the task counts on its node's tally: nothing unless it is dispatched, succeeded or failed there.</summary>
    private void Tally(TaskEntry e, int sign)
    {
        if (e.Node?.Node is not { } node || e.State is not (TaskState.Dispatched or TaskState.Succeeded or TaskState.Failed)) return;
        if (!_tally.TryGetValue(node, out var t)) _tally[node] = t = new NodeTally();
        switch (e.State)
        {
            case TaskState.Dispatched:
                t.Dispatched += sign;
                break;
            case TaskState.Succeeded:
                t.Succeeded += sign;
                foreach (var (key, value) in e.Output ?? TaskEntry.EmptyOutput)
                {
                    if (!long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)) continue;
                    var (sum, tasks) = t.Totals.GetValueOrDefault(key);
                    if (tasks + sign == 0) t.Totals.Remove(key);
                    else t.Totals[key] = (sum + sign * number, tasks + sign);
                }
                break;
            default:
                t.Failed += sign;
                break;
        }
        if (t.Dispatched + t.Succeeded + t.Failed == 0) _tally.Remove(node);
    }

    /// <summary>A node's tasks of this job: dispatched, succeeded, failed, and per integer output key the sum over its succeeded tasks and how many had it.</summary>
    private sealed class NodeTally
    {
        public int Dispatched;
        public int Succeeded;
        public int Failed;
        public readonly Dictionary<string, (long Sum, int Tasks)> Totals = new(StringComparer.Ordinal);
    }

    public JobProgress Progress(double tasksPerSecond, double bytesPerSecond)
    {
        var remaining = Unfinished;
        TimeSpan? eta = remaining == 0 ? TimeSpan.Zero : tasksPerSecond > 0 ? TimeSpan.FromSeconds(Math.Min(remaining / tasksPerSecond, TimeSpan.MaxValue.TotalSeconds / 2)) : null;
        return new JobProgress(Total, Count(TaskState.Pending), Count(TaskState.Queued), Count(TaskState.Dispatched), Count(TaskState.Succeeded),
            Count(TaskState.Failed), Count(TaskState.Abandoned), Retried, Bytes, tasksPerSecond, bytesPerSecond, eta);
    }

    public JobView View(JobProgress progress, bool includeTasks, int maxTasks)
    {
        var c = Created!;
        var errors = _errored.Take(100).Select(e => e.ToView()).ToList();
        IReadOnlyList<TaskView> tasks = [];
        if (includeTasks)
        {
            var max = Math.Max(0, maxTasks);
            tasks = _errored.Where(e => e.State == TaskState.Failed).Concat(_ordered.Where(e => e.State != TaskState.Failed))
                .Take(max).Select(e => e.ToView()).ToList();
        }
        return new JobView(c.JobId, c.Name, Status, c.Priority, progress, c.At, Finished, tasks, errors)
        {
            Nodes = includeTasks ? NodeTotals() : [],
        };
    }

    /// <summary>
    /// Per-node totals over every task (<see cref="JobView.Nodes"/>), by node name: the running tallies, and the first
    /// dispatched tasks in task order from the dispatched sets (a node's running tasks, not the job's).
    /// </summary>
    private List<NodeTasks> NodeTotals()
    {
        var dispatched = new Dictionary<string, List<TaskEntry>>(StringComparer.Ordinal);
        foreach (var (key, set) in _byNode)
        {
            if (set.Count == 0) continue;
            var node = _nodes[key].Node;
            if (!dispatched.TryGetValue(node, out var list)) dispatched[node] = list = [];
            list.AddRange(set);
        }
        return [.. _tally.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new NodeTasks(kv.Key, kv.Value.Dispatched,
            dispatched.TryGetValue(kv.Key, out var running) ? [.. running.OrderBy(e => e.Order).Take(NodeTasks.ListedDispatched).Select(e => e.Id)] : [],
            kv.Value.Succeeded, kv.Value.Failed, kv.Value.Totals.ToDictionary(t => t.Key, t => t.Value.Sum, StringComparer.Ordinal)))];
    }

    public JobSnapshot ToSnapshot() => new(Created!, Status, Finished, Retried, Bytes,
        [.. _ordered.Select(e => new TaskSnapshot(e.Task, e.State, e.Attempt, e.PreviousAttempts, e.Retries, e.Node, e.AgentId, e.Error, e.Output, e.QueuedAt, e.DispatchedAt))]);

    public void Restore(JobSnapshot s)
    {
        Created = s.Created;
        Status = s.Status;
        Finished = s.Finished;
        Retried = s.Retried;
        Bytes = s.Bytes;
        foreach (var t in s.Tasks)
        {
            var e = new TaskEntry(t.Task, _ordered.Count)
            {
                State = t.State, Attempt = t.Attempt, PreviousAttempts = t.PreviousAttempts, Retries = t.Retries, Node = t.Node,
                AgentId = t.AgentId, Error = t.Error, Output = t.Output, QueuedAt = t.QueuedAt, DispatchedAt = t.DispatchedAt,
            };
            _tasks[e.Id] = e;
            _ordered.Add(e);
            _counts[(int)e.State]++;
            Tally(e, +1);
            switch (e.State)
            {
                case TaskState.Queued:
                    _queued.Add(e);
                    e.QueueSeq = ++_queueSeq;
                    _newlyQueued.Enqueue((e.QueueSeq, e));
                    break;
                case TaskState.Dispatched:
                    e.TimeoutAt = e.DispatchedAt + timeoutOf(e.Task);
                    _timeouts.Enqueue(e, e.TimeoutAt);
                    var key = NodeKey(e.Node!.Node, e.Node.Uid);
                    _nodes[key] = e.Node;
                    if (!_byNode.TryGetValue(key, out var set)) _byNode[key] = set = [];
                    set.Add(e);
                    break;
                case TaskState.Failed or TaskState.Abandoned:
                    _errored.Add(e);
                    break;
            }
            if (e.Task.Deadline is { } deadline && e.State is TaskState.Pending or TaskState.Queued) _deadlines.Enqueue(e, deadline);
        }
        foreach (var e in _ordered)
        {
            if (e.State != TaskState.Pending) continue;
            foreach (var dep in e.Task.DependsOn)
            {
                if (_tasks.TryGetValue(dep, out var d) && d.State == TaskState.Succeeded) continue;
                e.PendingDeps++;
                if (!_dependents.TryGetValue(dep, out var list)) _dependents[dep] = list = [];
                list.Add(e);
            }
        }
        Version++;
    }
}
