using Kane.Actor;
using Kane.Cluster;
using Kane.Persistence;
using Kane.Persistence.Serialization;
using Microsoft.Extensions.Logging;

namespace Kane.Actors.Internal;

/// <summary>
/// The cluster coordinator (a singleton among worker nodes, event-sourced under <c>kane-cluster-coordinator</c>).
/// Journals its registry of jobs and nodes; holds in memory the global ready queue and the nodes' load, and decides
/// where ready tasks go (<see cref="Distribution"/>), proposing each batch to its job as <see cref="DispatchTasks"/>.
/// Pings active jobs with <see cref="ReofferTasks"/> so that a new coordinator rebuilds its queue and a job whose
/// node died restarts elsewhere.
/// </summary>
internal sealed partial class ClusterCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string Id = "kane-cluster-coordinator";
    private const int SnapshotEvery = 500;

    private readonly KaneAgentsSettings _settings;
    private readonly IActorRef? _jobsOverride;
    private readonly Cluster.Cluster _cluster;
    private readonly CoordinatorRegistry _registry = new();
    private readonly ReadyQueue _queue = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobSummary> _live = new(StringComparer.Ordinal);
    private readonly Random _random = new();
    private readonly HashSet<string> _registering = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ending = new(StringComparer.Ordinal);
    private bool _distributeScheduled;
    private bool _shuttingDown;
    private int _cursor;

    public ClusterCoordinator(KaneAgentsSettings settings, IActorRef? jobs)
    {
        _settings = settings;
        _jobsOverride = jobs;
        _cluster = Cluster.Cluster.Get(Context.System);
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is CoordinatorRegistrySnapshot s) _registry.Restore(s);
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Recover<object>(_registry.Apply);

        Command<JobRegistered>(OnJobRegistered);
        Command<OfferTasks>(OnOffer);
        Command<JobProgressReport>(OnProgress);
        Command<RegisterNode>(OnRegisterNode);
        Command<NodeStatusReport>(OnStatusReport);
        Command<Distribute>(_ => DistributeNow());
        Command<PingJobs>(_ => PingActiveJobs());
        // Queries are answered after the registry writes already under way, so they see what was registered before them.
        Command<ListJobs>(l => AfterWrites(() => ListJobs(l)));
        Command<ListAgents>(_ => AfterWrites(() => new AgentList(Agents())));
        Command<GetTaskStats>(_ => AfterWrites(Stats));
        Command<MemberRemoved>(m => OnMemberRemoved(m.Member));
        Command<UnreachableMember>(m => SetReachable(m.Member, false));
        Command<ReachableMember>(m => SetReachable(m.Member, true));
        Command<ClusterShuttingDown>(_ => _shuttingDown = true);
        Command<IClusterDomainEvent>(_ => { });
        Command<CurrentClusterState>(_ => { });
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => LogWarningSnapshotFailed(Log, f.Cause.Message));
    }

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(KaneAgentsSettings settings) => Props(settings, null);

    /// <summary>As <see cref="Props(KaneAgentsSettings)"/>, sending job messages to <paramref name="jobs"/> instead of the job region (tests).</summary>
    public static Props Props(KaneAgentsSettings settings, IActorRef? jobs) => Actor.Props.Create(() => new ClusterCoordinator(settings, jobs));

    public static void RegisterEvents(EventSerializerRegistry registry) => registry
        .AddEvent<RegistryJobAdded>("coordinator.job-added").AddEvent<RegistryJobEnded>("coordinator.job-ended")
        .AddEvent<RegistryNodeAdded>("coordinator.node-added").AddEvent<RegistryNodeRemoved>("coordinator.node-removed")
        .AddEvent<CoordinatorRegistrySnapshot>("coordinator.snapshot");

    private IActorRef Jobs
    {
        get
        {
            if (_jobsOverride is not null) return _jobsOverride;
            try
            {
                return KaneAgents.Get(Context.System).Jobs;
            }
            catch (InvalidOperationException)
            {
                return Context.System.DeadLetters;
            }
        }
    }

    /// <summary>The cluster as this coordinator sees it.</summary>
    public ClusterStatus Status
    {
        get
        {
            if (_shuttingDown) return ClusterStatus.Stopping;
            if (_nodes.Count == 0) return ClusterStatus.Initializing;
            if (_nodes.Values.Any(n => !n.Reachable)) return ClusterStatus.Degraded;
            return _nodes.Values.All(n => LoadOf(n) > _settings.LoadThreshold) ? ClusterStatus.Degraded : ClusterStatus.Running;
        }
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        base.PostStop();
    }

    private void Write(object @event, Action then)
    {
        Persist(@event, e =>
        {
            _registry.Apply(e);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_registry.ToSnapshot());
            then();
        });
    }

    private void OnRecovered()
    {
        var members = _cluster.State.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed))
            .Select(m => (Paths.NodeName(m.Address), m.UniqueAddress.Uid)).ToHashSet();
        foreach (var n in _registry.Nodes.Values.ToList())
        {
            if (members.Contains((n.Node.Node, n.Node.Uid))) _nodes[n.Node.Node] = new NodeInfo(n);
            else Write(new RegistryNodeRemoved(n.Node.Node, n.Node.Uid, "not a member when the coordinator started"), () => { });
        }
        foreach (var j in _registry.Jobs.Values) _live[j.JobId] = j;
        LogInformationStarted(Log, _nodes.Count, _registry.Jobs.Values.Count(j => j.Status == JobStatus.Running));
        _cluster.Subscribe(Self, InitialStateMode.AsSnapshot, typeof(MemberRemoved), typeof(ReachabilityEvent), typeof(ClusterShuttingDown));
        Timers.StartPeriodicTimer("ping", PingJobs.Instance, TimeSpan.Zero, _settings.OfferRedeliveryInterval);
        Timers.StartPeriodicTimer("distribute", Distribute.Instance, _settings.StatusReportInterval);
    }

    private void PingActiveJobs()
    {
        var jobs = Jobs;
        foreach (var j in _live.Values)
            if (j.Status == JobStatus.Running) jobs.Tell(new ReofferTasks(j.JobId), Self);
    }

    /// <summary>
    /// Job registrations and ends are journaled without stopping the coordinator (PersistAsync): a blocking write per
    /// job held every offer, report and distribution round behind one fsync each, hundreds in a row when many jobs
    /// start or end together. The registry is still changed, and the job acknowledged, only after the write.
    /// </summary>
    private void WriteAsync(object @event, Action then)
    {
        PersistAsync(@event, e =>
        {
            _registry.Apply(e);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_registry.ToSnapshot());
            then();
        });
    }

    private void AfterWrites(Func<object> answer)
    {
        var sender = Sender;
        DeferAsync(sender, to => to.Tell(answer(), Self));
    }

    private void OnJobRegistered(JobRegistered r)
    {
        var sender = Sender;
        if (_registry.Jobs.ContainsKey(r.JobId))
        {
            sender.Tell(new JobRegisteredAck(r.JobId));
            return;
        }
        // A job re-sends its registration until acknowledged: one write per job.
        if (!_registering.Add(r.JobId)) return;
        WriteAsync(new RegistryJobAdded(r.JobId, r.Name, r.Priority, r.Created), () =>
        {
            _registering.Remove(r.JobId);
            if (!_live.TryGetValue(r.JobId, out var live) || live.Status == JobStatus.Running) _live[r.JobId] = _registry.Jobs[r.JobId];
            sender.Tell(new JobRegisteredAck(r.JobId));
        });
    }

    private void OnOffer(OfferTasks offer)
    {
        if (_live.TryGetValue(offer.JobId, out var job) && job.Status != JobStatus.Running) return;
        foreach (var o in offer.Offers) _queue.Offer(offer.JobId, offer.JobPriority, o);
        ScheduleDistribute();
    }

    private void OnProgress(JobProgressReport report)
    {
        // A report that overtook the job's registration write is applied once the job is in the registry.
        if (_registering.Contains(report.JobId))
        {
            DeferAsync(report, OnProgress);
            return;
        }
        if (_live.TryGetValue(report.JobId, out var job))
            _live[report.JobId] = job with { Status = report.Status, Progress = report.Progress };
        if (report.Status == JobStatus.Running) return;
        _queue.RemoveJob(report.JobId);
        if (_registry.Jobs.TryGetValue(report.JobId, out var registered) && registered.Status == JobStatus.Running && _ending.Add(report.JobId))
            WriteAsync(new RegistryJobEnded(report.JobId, report.Status, report.Progress), () =>
            {
                _ending.Remove(report.JobId);
                _live[report.JobId] = _registry.Jobs[report.JobId];
            });
    }

    private void OnRegisterNode(RegisterNode r)
    {
        var sender = Sender;
        var known = _registry.Nodes.TryGetValue(r.Node.Node, out var existing)
            && existing.Node == r.Node && existing.Slots == r.Slots
            && existing.Capabilities.SequenceEqual(r.Capabilities) && existing.TaskTypes.SequenceEqual(r.TaskTypes);
        if (known)
        {
            if (!_nodes.ContainsKey(r.Node.Node)) _nodes[r.Node.Node] = new NodeInfo(existing!);
            sender.Tell(new NodeRegistered(r.Node.Node));
            ScheduleDistribute();
            return;
        }
        Write(new RegistryNodeAdded(r.Node, r.Capabilities, r.TaskTypes, r.Slots), () =>
        {
            _nodes[r.Node.Node] = new NodeInfo(_registry.Nodes[r.Node.Node]);
            LogInformationNodeRegistered(Log, r.Node.Node, r.Slots, string.Join(",", r.TaskTypes));
            sender.Tell(new NodeRegistered(r.Node.Node));
            ScheduleDistribute();
        });
    }

    private void OnStatusReport(NodeStatusReport report)
    {
        if (!_nodes.TryGetValue(report.Node.Node, out var node) || node.Registration.Node.Uid != report.Node.Uid) return;
        node.Last = report;
        node.LastReportAt = DateTime.UtcNow;
        node.SentSinceReport = 0;
        RefreshLoad(node);
        var over = LoadOf(node) > _settings.LoadThreshold;
        if (over && !node.Overloaded)
            Context.System.EventStream.Publish(new NodeDegraded(DateTimeOffset.UtcNow, node.Name, $"load score {LoadOf(node):0.00} is above the threshold {_settings.LoadThreshold}"));
        node.Overloaded = over;
        ScheduleDistribute();
    }

    private void OnMemberRemoved(Member member)
    {
        var name = Paths.NodeName(member.Address);
        if (!_nodes.TryGetValue(name, out var node) || node.Registration.Node.Uid != member.UniqueAddress.Uid) return;
        _nodes.Remove(name);
        Write(new RegistryNodeRemoved(name, member.UniqueAddress.Uid, $"member removed ({member.Status})"), () => LogInformationNodeRemoved(Log, name));
        // Jobs with attempts there re-dispatch them on their own (they watch the membership); wake the passivated ones.
        PingActiveJobs();
    }

    private void SetReachable(Member member, bool reachable)
    {
        if (!_nodes.TryGetValue(Paths.NodeName(member.Address), out var node) || node.Reachable == reachable) return;
        node.Reachable = reachable;
        if (!reachable) Context.System.EventStream.Publish(new NodeDegraded(DateTimeOffset.UtcNow, node.Name, "unreachable"));
    }

    private void ScheduleDistribute()
    {
        if (_distributeScheduled) return;
        _distributeScheduled = true;
        Self.Tell(Distribute.Instance);
    }

    private void DistributeNow()
    {
        _distributeScheduled = false;
        if (_queue.Count == 0 || _nodes.Count == 0) return;
        var candidates = Candidates();
        var plan = Distribution.Plan(_queue.Ordered, candidates, _settings.Strategy, _settings.NodeQueueLimit, _settings.LoadThreshold, _cursor, _random);
        _cursor = plan.NextCursor;
        // Nodes drain between their reports: look again soon while tasks wait and some node is working through its queue.
        if (_queue.Count > plan.Assignments.Count && _nodes.Values.Any(n => n.Last?.Stats.TasksPerSecond > 0))
            Timers.StartSingleTimer("soon", Distribute.Instance, TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(5).Ticks, _settings.StatusReportInterval.Ticks / 10)));
        if (plan.Assignments.Count == 0) return;
        foreach (var (offer, node) in plan.Assignments)
        {
            _queue.Remove(offer);
            _nodes[node.Node].SentSinceReport++;
        }
        var jobs = Jobs;
        foreach (var dispatch in Distribution.Batches(plan.Assignments, _settings.TaskBatchSize)) jobs.Tell(dispatch, Self);
    }

    private List<NodeCandidate> Candidates()
    {
        var loads = _cluster.LoadReports;
        var now = DateTime.UtcNow;
        var list = new List<NodeCandidate>(_nodes.Count);
        foreach (var n in _nodes.Values)
        {
            RefreshLoad(n, loads);
            var r = n.Registration;
            var queued = Distribution.EstimatedQueued(n.Last?.Queued ?? 0, n.SentSinceReport, n.Last?.Stats.TasksPerSecond ?? 0, now - n.LastReportAt);
            list.Add(new NodeCandidate(r.Node, n.Capabilities, n.TaskTypes, Math.Max(1, n.Last?.Slots ?? r.Slots), queued,
                n.Last?.Running ?? 0, n.Last?.Accepting ?? true, n.Reachable, n.HeartbeatLoad));
        }
        return list;
    }

    private double LoadOf(NodeInfo n) => n.HeartbeatLoad;

    private void RefreshLoad(NodeInfo n, IReadOnlyDictionary<UniqueAddress, NodeLoad>? loads = null) =>
        n.HeartbeatLoad = (loads ?? _cluster.LoadReports).FirstOrDefault(kv => kv.Key.Uid == n.Registration.Node.Uid && Paths.NodeName(kv.Key.Address) == n.Name).Value?.Score ?? 0;

    private JobList ListJobs(ListJobs l) => new([.. _live.Values.Where(j => l.IncludeFinished || j.Status == JobStatus.Running)
        .OrderByDescending(j => j.Created).Take(Math.Max(0, l.Max))]);

    private List<AgentInfo> Agents() =>
        [.. _nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).SelectMany(n => (n.Last?.Agents ?? []).Select(a => n.Reachable ? a : a with { Status = AgentStatus.Disconnected }))];

    private TaskStats Stats() => new(Status, _queue.Count, [.. _nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n =>
        (n.Last?.Stats ?? new NodeTaskStats(n.Name, true, 0, n.Registration.Slots, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            with { Reachable = n.Reachable, LoadScore = n.HeartbeatLoad })]);

    private sealed class NodeInfo(RegistryNodeAdded registration)
    {
        public RegistryNodeAdded Registration { get; } = registration;
        public string Name => Registration.Node.Node;
        public IReadOnlySet<string> Capabilities { get; } = registration.Capabilities.ToHashSet(StringComparer.Ordinal);
        public IReadOnlySet<string> TaskTypes { get; } = registration.TaskTypes.ToHashSet(StringComparer.Ordinal);
        public NodeStatusReport? Last { get; set; }
        public int SentSinceReport { get; set; }
        public DateTime LastReportAt { get; set; }
        public bool Reachable { get; set; } = true;
        public bool Overloaded { get; set; }
        public double HeartbeatLoad { get; set; }
    }

    private sealed record Distribute
    {
        public static readonly Distribute Instance = new();
    }

    private sealed record PingJobs
    {
        public static readonly PingJobs Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster coordinator started with {Nodes} nodes and {Jobs} active jobs")]
    private static partial void LogInformationStarted(ILogger logger, int nodes, int jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} registered with {Slots} slots for {Types}")]
    private static partial void LogInformationNodeRegistered(ILogger logger, string node, int slots, string types);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} removed from the coordinator")]
    private static partial void LogInformationNodeRemoved(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster coordinator could not save a snapshot: {Reason}")]
    private static partial void LogWarningSnapshotFailed(ILogger logger, string reason);
}
