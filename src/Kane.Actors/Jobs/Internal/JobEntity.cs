using Kane.Actor;
using Kane.Cluster;
using Kane.Persistence;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

/// <summary>
/// One job (sharded, event-sourced under <c>kane-job-{jobId}</c>): the only owner of its tasks' state, see decision
/// 0014. Journals submissions, dispatches, results (in batches), re-dispatches and the end; offers ready tasks to the
/// cluster coordinator once the events that queued them are journaled, and assigns dispatched ones to node
/// coordinators while their dispatch is being journaled (decision 0019).
/// </summary>
/// <remarks>
/// Events are applied to <see cref="JobState"/> when they are created (and again from the journal on recovery); what
/// leaves the entity (replies, acknowledgements, offers) happens only in the persist handlers, after the write. The
/// one exception is an assignment, which leaves with its dispatch's write in flight: a recovering job writes
/// <see cref="AttemptsAdvanced"/> before it offers anything, so an attempt that may have started without a journaled
/// dispatch is stale from then on. A failed or rejected write stops the entity, so in-memory state that was never
/// journaled is otherwise never acted on.
/// </remarks>
internal sealed partial class JobEntity : ReceivePersistentActor, IWithTimers
{
    public const string Tag = "kane-jobs";
    private const int SnapshotEvery = 1000;
    private const int ChunkSize = 1000;
    private static readonly IReadOnlyList<string> Tags = [Tag];

    private readonly string _jobId;
    private readonly KaneAgentsSettings _settings;
    private int? _remoteViewLimit; // what a view for another node may take: the remote frame less its envelope
    private readonly IActorRef? _coordinatorOverride;
    private readonly JobState _state;
    private readonly Cluster.Cluster _cluster;
    private int _pendingWrites;
    private long _lastSnapshotSeq;
    /// <summary>Queuings (<see cref="JobState.QueueSeq"/>) up to this one are journaled: only they may be offered.</summary>
    private long _journaledQueueSeq;
    private bool _advancingAttempts;

    public JobEntity(string jobId, KaneAgentsSettings settings, IActorRef? coordinator)
    {
        _jobId = jobId;
        _settings = settings;
        _coordinatorOverride = coordinator;
        _cluster = Cluster.Cluster.Get(Context.System);
        _state = new JobState(t => t.Timeout ?? settings.TaskTimeout);
        PersistenceId = "kane-job-" + jobId;

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is JobSnapshot s) _state.Restore(s);
            _lastSnapshotSeq = o.Metadata.SequenceNr;
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Recover<object>(_state.Apply);

        Command<SubmitJob>(OnSubmit);
        Command<SubmitJobPart>(OnSubmitPart);
        Command<GetJob>(OnGetJob);
        Command<CancelJob>(OnCancel);
        Command<WatchJob>(OnWatch);
        Command<UnwatchJob>(_ => Unwatch(Sender));
        Command<Terminated>(t => Unwatch(t.ActorRef));
        Command<AddTasks>(OnAddTasks);
        Command<DispatchTasks>(OnDispatch);
        Command<TaskResults>(OnResults);
        Command<TaskRetrying>(OnRetrying);
        Command<AttemptsHeld>(OnAttemptsHeld);
        Command<ReassignTasks>(OnReassign);
        Command<ReofferTasks>(OnReoffer);
        Command<JobRegisteredAck>(_ => OnRegisteredAck());
        Command<RegisterTick>(_ => Register());
        Command<ProgressTick>(_ => OnProgressTick());
        Command<CheckTick>(_ => OnCheckTick());
        Command<DeadlineTick>(_ => OnJobDeadline());
        Command<MemberRemoved>(m => OnMemberGone(m.Member));
        Command<MemberDowned>(m => OnMemberGone(m.Member));
        Command<IClusterDomainEvent>(_ => { });
        Command<CurrentClusterState>(_ => { });
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => LogWarningSnapshotFailed(Log, _jobId, f.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The job entity of <paramref name="jobId"/>; it finds the cluster coordinator through <see cref="KaneAgents"/>.</summary>
    public static Props Props(string jobId, KaneAgentsSettings settings) => Props(jobId, settings, null);

    /// <summary>As <see cref="Props(string, KaneAgentsSettings)"/>, talking to <paramref name="coordinator"/> (tests use a probe).</summary>
    public static Props Props(string jobId, KaneAgentsSettings settings, IActorRef? coordinator) =>
        Actor.Props.Create(() => new JobEntity(jobId, settings, coordinator));

    public static void RegisterEvents(EventSerializerRegistry registry) => JobEventSerialization.Register(registry);

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private IActorRef Coordinator
    {
        get
        {
            if (_coordinatorOverride is not null) return _coordinatorOverride;
            try
            {
                return KaneAgents.Get(Context.System).Coordinator;
            }
            catch (InvalidOperationException)
            {
                return Context.System.DeadLetters;
            }
        }
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        base.PostStop();
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        // The event was applied in memory but is not in the journal: start again from the journal.
        Context.Stop(Self);
    }

    /// <summary>Applies <paramref name="event"/> now and journals it (tagged when <paramref name="tagged"/>); <paramref name="then"/> runs after the write reached <paramref name="durability"/>.</summary>
    private void Write(object @event, Action then, bool tagged = false, JournalDurability durability = JournalDurability.Synced)
    {
        _state.Apply(@event);
        var queued = _state.QueueSeq;
        _pendingWrites++;
        PersistAsync(tagged ? new Tagged(@event, Tags) : @event, _ =>
        {
            _pendingWrites--;
            Journaled(queued);
            then();
            AfterWrite();
        }, durability);
    }

    private void AfterWrite()
    {
        // A snapshot costs the whole job, so a job takes one only after as many events as it has tasks: its cost per
        // event stays constant however large the job, and recovery replays at most that many events after it. (One
        // every Total/20 events made a job fed one task at a time serialize all its tasks every few seconds, on its own
        // thread, and stalled its dispatches meanwhile.)
        if (_pendingWrites == 0 && LastSequenceNr - _lastSnapshotSeq >= Math.Max(SnapshotEvery, _state.Total) && _state.Exists)
        {
            _lastSnapshotSeq = LastSequenceNr;
            SaveSnapshot(_state.ToSnapshot());
        }
    }

    /// <summary>The events that queued tasks up to <paramref name="queueSeq"/> are in the journal.</summary>
    private void Journaled(long queueSeq) => _journaledQueueSeq = Math.Max(_journaledQueueSeq, queueSeq);

    private void OnRecovered()
    {
        Journaled(_state.QueueSeq);
        if (!_state.Exists) return;
        LogDebugRecovered(Log, _jobId, _state.Total, _state.Status);
        if (!_state.IsRunning) return;
        if (_state.Queued.Count == 0)
        {
            ResumeRunning();
            return;
        }
        _advancingAttempts = true;
        Write(new AttemptsAdvanced(Now), () =>
        {
            _advancingAttempts = false;
            ResumeRunning();
        });
    }

    private void ResumeRunning()
    {
        StartRunning();
        var dead = _state.DispatchedByNode.Where(n => !IsAlive(n.Node)).SelectMany(n => n.Tasks).Select(e => new TaskAttempt(e.Id, e.Attempt)).ToList();
        if (dead.Count > 0) Requeue(dead, "its node left the cluster while the job was down");
        CheckEnd();
    }

    private void OnSubmit(SubmitJob submit)
    {
        var spec = submit.Spec;
        if (_state.Exists)
        {
            if (Digest(spec) == _state.Created!.SpecDigest) Sender.Tell(new JobAccepted(_jobId, _state.Total));
            else Sender.Tell(new JobRejected(_jobId, $"job id '{_jobId}' is taken by a different job ('{_state.Created.Name}', submitted {_state.Created.At:u}); submit under a new id (JobSpec.NewId())"));
            return;
        }
        var error = spec.JobId != _jobId ? $"job id '{spec.JobId}' reached the entity of '{_jobId}'" : spec.Validate() ?? WireSize.CheckTasks(spec.Tasks);
        if (error is not null)
        {
            Sender.Tell(new JobRejected(spec.JobId, error));
            Context.Stop(Self);
            return;
        }
        var now = Now;
        var events = new List<object> { new JobCreated(_jobId, spec.Name, spec.Priority, spec.Roots, spec.Deadline, spec.Metadata, Digest(spec), now) };
        events.AddRange(spec.Tasks.Select(t => t.Created == default ? t with { Created = now } : t).Chunk(ChunkSize).Select(c => new TasksAdded(c, now)));
        foreach (var e in events) _state.Apply(e);
        var queued = _state.QueueSeq;
        var sender = Sender;
        var remaining = events.Count;
        _pendingWrites++;
        PersistAll(events.Select((e, i) => i == 0 ? new Tagged(e, Tags) : e), _ =>
        {
            if (--remaining > 0) return;
            _pendingWrites--;
            Journaled(queued);
            sender.Tell(new JobAccepted(_jobId, _state.Total));
            LogInformationAccepted(Log, _jobId, _state.Total);
            StartRunning();
            CheckEnd();
            AfterWrite();
        });
    }

    private (string Id, List<KaneTask> Tasks, int Next)? _partial;

    /// <summary>Collects a submission sent in parts; the last part submits the whole spec.</summary>
    private void OnSubmitPart(SubmitJobPart part)
    {
        if (part.Part == 0 && _partial?.Id != part.SubmissionId) _partial = (part.SubmissionId, [], 0);
        if (_partial is not { } partial || partial.Id != part.SubmissionId || part.Part > partial.Next || part.Parts < 1)
        {
            Sender.Tell(new JobRejected(_jobId, $"part {part.Part + 1} of {part.Parts} of a submission arrived without the parts before it; submit the job again"));
            return;
        }
        if (part.Part == partial.Next)
        {
            partial.Tasks.AddRange(part.Spec.Tasks);
            _partial = partial with { Next = partial.Next + 1 };
        }
        if (part.Part < part.Parts - 1)
        {
            Sender.Tell(new JobPartReceived(_jobId, part.SubmissionId, part.Part));
            return;
        }
        var whole = part.Spec with { Tasks = _partial.Value.Tasks };
        _partial = null;
        OnSubmit(new SubmitJob(whole));
    }

    internal static string Digest(JobSpec spec) => SpecDigest.Of(spec);

    private void OnAddTasks(AddTasks add)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new JobRejected(_jobId, $"no job has id '{_jobId}': submit it before adding tasks"));
            Context.Stop(Self);
            return;
        }
        if (!_state.IsRunning)
        {
            Sender.Tell(new JobRejected(_jobId, $"job {_jobId} has ended ({_state.Status}); add tasks to a running job or submit a new one"));
            return;
        }
        if ((ValidateNewTasks(add.Tasks) ?? WireSize.CheckTasks(add.Tasks)) is { } error)
        {
            Sender.Tell(new JobRejected(_jobId, error));
            return;
        }
        var now = Now;
        var events = add.Tasks.Select(t => t.Created == default ? t with { Created = now } : t).Chunk(ChunkSize).Select(c => new TasksAdded(c, now)).ToList();
        if (events.Count == 0)
        {
            Sender.Tell(new TasksAccepted(_jobId, 0));
            return;
        }
        foreach (var e in events) _state.Apply(e);
        var queued = _state.QueueSeq;
        var sender = Sender;
        var remaining = events.Count;
        _pendingWrites++;
        // Not stashing: a job fed one task at a time would otherwise hold its dispatches and results behind every
        // add's write. The tasks are offered, and the sender told, only once they are journaled.
        PersistAllAsync(events, _ =>
        {
            if (--remaining > 0) return;
            _pendingWrites--;
            Journaled(queued);
            sender.Tell(new TasksAccepted(_jobId, add.Tasks.Count));
            OfferNew();
            AfterWrite();
        });
    }

    /// <summary>Why tasks cannot join this job: invalid, an id taken, an unknown dependency, or a cycle; null when they can.</summary>
    private string? ValidateNewTasks(IReadOnlyList<KaneTask> tasks)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tasks)
        {
            if (t.Validate() is { } error) return error;
            if (_state.Contains(t.Id)) return $"task id '{t.Id}' already exists in job {_jobId}";
            if (!ids.Add(t.Id)) return $"task id '{t.Id}' appears twice";
        }
        foreach (var t in tasks)
            foreach (var dep in t.DependsOn)
                if (!ids.Contains(dep) && !_state.Contains(dep))
                    return $"task {t.Id} depends on '{dep}', which is not a task of job {_jobId}";
        return TaskGraph.FindCycle(tasks) is { } cycle ? $"tasks depend on each other in a cycle: {string.Join(" → ", cycle)}" : null;
    }

    private void OnGetJob(GetJob get)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new JobNotFound(_jobId));
            Context.Stop(Self);
            return;
        }
        var view = View(get.IncludeTasks, get.MaxTasks);
        // To another node the view travels as one frame: cut to fit rather than lost (a local asker gets it whole).
        if (Sender is Kane.Actor.Internal.InternalActorRef { IsLocal: false })
            view = JobViewFit.Fit(view, _remoteViewLimit ??= (int)Context.System.Settings.Config.GetByteSize("kane.remote.maximum-frame-size", 128_000) - JobViewFit.FrameOverhead);
        Sender.Tell(view);
    }

    private JobView View(bool includeTasks = false, int maxTasks = 0) => _state.View(Progress(), includeTasks, maxTasks);

    private bool IsAlive(NodeRef node) =>
        _cluster.State.Members.Any(m => m.UniqueAddress.Uid == node.Uid && Paths.NodeName(m.Address) == node.Node
            && m.Status is not (MemberStatus.Down or MemberStatus.Removed));

    private sealed record RegisterTick
    {
        public static readonly RegisterTick Instance = new();
    }

    private sealed record ProgressTick
    {
        public static readonly ProgressTick Instance = new();
    }

    private sealed record CheckTick
    {
        public static readonly CheckTick Instance = new();
    }

    private sealed record DeadlineTick
    {
        public static readonly DeadlineTick Instance = new();
    }
}
