using Kane.Actor;
using Kane.Cluster;
using Kane.Persistence;

namespace Kane.Actors.Internal;

// Offers, dispatches, results, retries, steals and re-dispatches.
internal sealed partial class JobEntity
{
    private const int OfferBatch = 1000;
    private readonly List<(TaskResult Result, IActorRef Sender)> _resultBuffer = [];
    private bool _resultsWriting;
    private DateTimeOffset _lastDispatch;
    private DateTimeOffset _lastOffer;

    private void OfferNew() => Offer(Fresh());

    private void OfferAll()
    {
        Fresh();
        // Oldest first, so the coordinator's queue keeps queued-time order.
        Offer([.. _state.Queued.Where(e => e.QueueSeq <= _journaledQueueSeq).OrderBy(e => e.QueuedAt).ThenBy(e => e.Order)]);
    }

    /// <summary>
    /// Tasks queued by journaled events and not offered yet, their queued time set to now: queue-to-start counts from
    /// the moment a task is ready and journaled, not from before its submission's write.
    /// </summary>
    private List<TaskEntry> Fresh()
    {
        var fresh = _state.TakeNewlyQueued(_journaledQueueSeq);
        var now = Now;
        foreach (var e in fresh) e.QueuedAt = now;
        return fresh;
    }

    private void Offer(List<TaskEntry> entries)
    {
        // While a recovery's AttemptsAdvanced is being written, nothing is offered: an attempt number offered now
        // could be handed out again if the job crashed before the write.
        if (entries.Count == 0 || !_state.IsRunning || _advancingAttempts) return;
        _lastOffer = Now;
        var coordinator = Coordinator;
        var priority = _state.Created!.Priority;
        foreach (var chunk in WireSize.Chunks(entries, e => e.Task, OfferBatch))
            coordinator.Tell(new OfferTasks(_jobId, priority, [.. chunk.Select(e => e.ToOffer())]), Self);
    }

    private void OnReoffer(ReofferTasks _)
    {
        if (!_state.Exists)
        {
            Context.Stop(Self);
            return;
        }
        if (!_state.IsRunning)
        {
            // The coordinator still counts us as active (it missed the last report): tell it again.
            Sender.Tell(new JobProgressReport(_jobId, _state.Status, Progress()), Self);
            return;
        }
        if (!_registered) Register();
        // The coordinator pings every offer-redelivery-interval; a coordinator that dispatches from us still has our offers.
        if (Now - Max(_lastDispatch, _lastOffer) >= _settings.OfferRedeliveryInterval / 2) OfferAll();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void OnDispatch(DispatchTasks dispatch)
    {
        if (!_state.IsRunning) return;
        var now = Now;
        _lastDispatch = now;
        if (!IsAlive(dispatch.Node))
        {
            LogDebugDispatchToDeadNode(Log, _jobId, dispatch.Node.Node);
            return;
        }
        var attempts = new List<TaskAttempt>(dispatch.Tasks.Count);
        var offers = new List<TaskOffer>(dispatch.Tasks.Count);
        var expired = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in dispatch.Tasks)
        {
            if (_state.Find(a.TaskId) is not { State: TaskState.Queued } e || e.Attempt != a.Attempt || !seen.Add(a.TaskId)) continue;
            if (e.Task.Deadline is { } deadline && deadline <= now)
            {
                expired.Add(e.Id);
                continue;
            }
            attempts.Add(a);
            offers.Add(e.ToOffer());
        }
        if (expired.Count > 0) Abandon(expired, "the task's deadline passed before it started");
        if (attempts.Count == 0) return;
        var node = dispatch.Node;
        // Sent at once, journaled meanwhile and not synced (decision 0019): neither write nor fsync is on the path from
        // queue to start. A job that dies before the write recovers with AttemptsAdvanced, so an attempt that started
        // without a journaled dispatch is stale (its result ignored, its number never handed out again).
        Write(new TasksDispatched(node, attempts, now), NoOp, durability: JournalDurability.Written);
        Assign(node, offers);
    }

    private static readonly Action NoOp = () => { };

    /// <summary>Sends dispatched attempts to the node coordinator, split below the remote frame limit.</summary>
    private void Assign(NodeRef node, List<TaskOffer> offers)
    {
        var target = Paths.Resolve(Context.System, node.CoordinatorPath);
        foreach (var chunk in WireSize.Chunks(offers, o => o.Task, int.MaxValue))
            target.Tell(new AssignTasks(_jobId, _state.Created!.Roots, chunk), Self);
    }

    private void OnResults(TaskResults results)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new TaskResultsAck(_jobId, [.. results.Results.Select(r => new TaskAttempt(r.TaskId, r.Attempt))]));
            Context.Stop(Self);
            return;
        }
        foreach (var r in results.Results) _resultBuffer.Add((r, Sender));
        if (!_resultsWriting) FlushResults();
    }

    /// <summary>
    /// Journals every buffered result of a current attempt as one event (results that arrive meanwhile wait for the
    /// next one), then acknowledges all of them, stale ones included, to their senders.
    /// </summary>
    private void FlushResults()
    {
        if (_resultBuffer.Count == 0) return;
        var batch = _resultBuffer.ToList();
        _resultBuffer.Clear();
        var now = Now;
        var recorded = new List<RecordedResult>();
        var followUps = new List<KaneTask>();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var newIds = new HashSet<string>(StringComparer.Ordinal);
        if (_state.IsRunning)
        {
            foreach (var (r, _) in batch)
            {
                if (_state.Find(r.TaskId) is not { State: TaskState.Dispatched } e || e.Attempt != r.Attempt || !applied.Add(r.TaskId)) continue;
                var error = r.Error;
                List<KaneTask>? children = null;
                if (r.Outcome is { } outcome && error is null)
                {
                    children = FollowUps(r.TaskId, outcome.FollowUps, newIds, now, out var invalid);
                    if (invalid is not null) error = TaskError.Fatal(ErrorCodes.EINVAL, $"the handler returned invalid follow-up tasks: {invalid}");
                }
                else
                {
                    error ??= TaskError.Fatal(ErrorCodes.HandlerFault, "the result carried neither an outcome nor an error");
                }
                if (error is null && children is not null)
                {
                    followUps.AddRange(children);
                    foreach (var c in children) newIds.Add(c.Id);
                }
                recorded.Add(new RecordedResult(r.TaskId, r.Attempt, r.AgentId, error, r.Retries, error is null ? r.Outcome!.Bytes : 0,
                    error is null && r.Outcome!.Output.Count > 0 ? r.Outcome.Output : null, r.DurationMs));
            }
        }
        void Ack()
        {
            foreach (var group in batch.GroupBy(b => b.Sender))
                group.Key.Tell(new TaskResultsAck(_jobId, [.. group.Select(b => new TaskAttempt(b.Result.TaskId, b.Result.Attempt))]), Self);
        }
        if (recorded.Count == 0)
        {
            // Stale or duplicate: acknowledged once everything written before is durable (a duplicate may be in flight).
            DeferAsync(batch, _ => Ack());
            return;
        }
        _resultsWriting = true;
        Write(new TaskResultsRecorded(recorded, followUps, now), () =>
        {
            _resultsWriting = false;
            Ack();
            OfferNew();
            CheckEnd();
            FlushResults();
        });
    }

    /// <summary>Follow-ups of <paramref name="parent"/> with ids <c>{parent}/{child}</c> (already existing ones skipped); <paramref name="invalid"/> says why they cannot be added.</summary>
    private List<KaneTask> FollowUps(string parent, IReadOnlyList<KaneTask> children, HashSet<string> pending, DateTimeOffset now, out string? invalid)
    {
        invalid = null;
        var result = new List<KaneTask>(children.Count);
        if (children.Count == 0) return result;
        var siblings = new HashSet<string>(children.Select(c => c.Id), StringComparer.Ordinal);
        var prefixed = new HashSet<string>(siblings.Select(s => $"{parent}/{s}"), StringComparer.Ordinal);
        foreach (var child in children)
        {
            var task = child with
            {
                Id = $"{parent}/{child.Id}",
                DependsOn = [.. child.DependsOn.Select(d => siblings.Contains(d) ? $"{parent}/{d}" : d)],
                Created = child.Created == default ? now : child.Created,
            };
            if (task.Validate() is { } error)
            {
                invalid = error;
                return [];
            }
            if (task.DependsOn.FirstOrDefault(d => !prefixed.Contains(d) && !_state.Contains(d) && !pending.Contains(d)) is { } unknown)
            {
                invalid = $"follow-up {task.Id} depends on '{unknown}', which is not a task of the job";
                return [];
            }
            if (_state.Contains(task.Id) || pending.Contains(task.Id)) continue;
            result.Add(task);
        }
        if (TaskGraph.FindCycle(result) is { } cycle)
        {
            invalid = "cycle " + string.Join(" → ", cycle);
            return [];
        }
        return result;
    }

    private void OnRetrying(TaskRetrying retrying)
    {
        if (!_state.IsRunning) return;
        var t = retrying.Task;
        if (_state.Find(t.TaskId) is not { State: TaskState.Dispatched } e || e.Attempt != t.Attempt || retrying.Retry <= e.Retries) return;
        Write(new TaskRetryScheduled(t.TaskId, t.Attempt, retrying.Retry, retrying.RetryAt, retrying.Error), () => { });
    }

    private void OnReassign(ReassignTasks reassign)
    {
        if (!_state.IsRunning) return;
        if (!IsAlive(reassign.To)) return;
        var attempts = new List<TaskAttempt>();
        foreach (var a in reassign.Tasks)
            if (_state.Find(a.TaskId) is { State: TaskState.Dispatched } e && e.Attempt == a.Attempt && e.Node?.Node == reassign.FromNode)
                attempts.Add(a);
        if (attempts.Count == 0) return;
        var to = reassign.To;
        var from = reassign.FromNode;
        var stolen = new TasksStolen(from, to, attempts, Now);
        _state.Apply(stolen);
        var offers = attempts.Select(a => _state.Find(a.TaskId)!.ToOffer()).ToList();
        _pendingWrites++;
        PersistAsync(stolen, _ =>
        {
            _pendingWrites--;
            Assign(to, offers);
            LogDebugStolen(Log, _jobId, offers.Count, from, to.Node);
            AfterWrite();
        });
    }

    private void Requeue(List<TaskAttempt> attempts, string reason)
    {
        if (attempts.Count == 0 || !_state.IsRunning) return;
        LogInformationRequeued(Log, _jobId, attempts.Count, reason);
        Write(new TasksRequeued(attempts, reason, Now), OfferNew);
    }

    private void Abandon(List<string> taskIds, string reason)
    {
        if (taskIds.Count == 0 || !_state.IsRunning) return;
        Write(new TasksAbandoned(taskIds, reason, Now), CheckEnd);
    }

    private void OnMemberGone(Member member)
    {
        if (!_state.IsRunning) return;
        var gone = _state.DispatchedOn(Paths.NodeName(member.Address), member.UniqueAddress.Uid).Select(e => new TaskAttempt(e.Id, e.Attempt)).ToList();
        Requeue(gone, $"node {Paths.NodeName(member.Address)} left the cluster ({member.Status})");
    }
}
