using Kane.Actor;
using Kane.Cluster;
using Microsoft.Extensions.Logging;

namespace Kane.Actors.Internal;

/// <summary>Where a node coordinator sends: the job region, the agent region and the cluster coordinator's proxy.</summary>
internal sealed record NodeWiring(IActorRef Jobs, IActorRef Agents, IActorRef Coordinator);

/// <summary>
/// One per worker node (<c>/user/kane-node</c>): starts this node's agents, registers the node with the cluster
/// coordinator, queues the tasks jobs assign here in a priority deque and hands them to idle agents (capabilities,
/// affinity, slots, status, breaker, resource gates), delivers results to their jobs until acknowledged, steals from
/// busy peers when idle and gives up not-started work to thieves, and reports its status. Soft state only: the jobs
/// own the tasks (decision 0014).
/// </summary>
internal sealed partial class NodeCoordinator : ReceiveActor, IWithTimers
{
    /// <summary>Queued tasks looked at per dispatch round before giving up on finding an agent for the rest.</summary>
    private const int MaxScan = 512;

    private readonly KaneAgentsSettings _settings;
    private readonly TaskHandlerRegistry _handlers;
    private readonly Cluster.Cluster _cluster;
    private readonly IActorRef _jobs;
    private readonly IActorRef _agentRegion;
    private readonly IActorRef _coordinator;
    private readonly string _nodeName;
    private readonly NodeRef _self;
    private readonly List<AgentSlot> _agentList = [];
    private readonly Dictionary<string, AgentSlot> _agents = new(StringComparer.Ordinal);
    private readonly TaskDeque _deque = new();
    private readonly Dictionary<(string Job, string Task, int Attempt), (QueuedTask Entry, AgentSlot Agent, DateTimeOffset Since)> _running = new();
    private readonly List<(QueuedTask Entry, AgentSlot Agent)> _toStart = [];
    private readonly List<(QueuedTask Entry, TaskError Error)> _toDrop = [];
    private int _queuedCount;
    private bool _leaving;
    private GateDecision _gate = new(GateLevel.Open, 0, true);

    public NodeCoordinator(KaneAgentsSettings settings, TaskHandlerRegistry handlers, NodeWiring? wiring)
    {
        _settings = settings;
        _handlers = handlers;
        _cluster = Cluster.Cluster.Get(Context.System);
        if (wiring is null)
        {
            var agents = KaneAgents.Get(Context.System);
            wiring = new NodeWiring(agents.Jobs, agents.Agents, agents.Coordinator);
        }
        _jobs = wiring.Jobs;
        _agentRegion = wiring.Agents;
        _coordinator = wiring.Coordinator;
        _nodeName = Paths.NodeName(_cluster.SelfAddress);
        _self = new NodeRef(_nodeName, _cluster.SelfUniqueAddress.Uid, Paths.Of(Self));
        for (var i = 0; i < settings.AgentsFor(Environment.ProcessorCount); i++)
        {
            var slot = new AgentSlot(AgentMessageExtractor.AgentId(_nodeName, i));
            _agentList.Add(slot);
            _agents[slot.Id] = slot;
        }

        Receive<AssignTasks>(OnAssign);
        Receive<AgentInfo>(OnAgentInfo);
        Receive<TaskFinished>(OnFinished);
        Receive<TaskRefused>(OnRefused);
        Receive<RetryScheduled>(r => { _retried++; _jobs.Tell(r.Retrying, Self); });
        Receive<CancelJobTasks>(OnCancelJob);
        Receive<CheckAttempts>(OnCheckAttempts);
        Receive<Terminated>(OnAgentTerminated);
        Receive<FlushResults>(_ => OnFlush());
        Receive<TaskResultsAck>(OnAck);
        Receive<StealTasks>(OnStealTasks);
        Receive<StealReply>(OnStealReply);
        Receive<NodeRegistered>(_ => _registered = true);
        Receive<Tick>(OnTick);
        Receive<MemberEvent>(OnMemberEvent);
        Receive<IClusterDomainEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(KaneAgentsSettings settings, TaskHandlerRegistry handlers) =>
        Actor.Props.Create(() => new NodeCoordinator(settings, handlers, null));

    /// <summary>Props with explicit regions and coordinator (tests stand probes in for them).</summary>
    internal static Props Props(KaneAgentsSettings settings, TaskHandlerRegistry handlers, NodeWiring wiring) =>
        Actor.Props.Create(() => new NodeCoordinator(settings, handlers, wiring));

    private sealed record Tick(string What)
    {
        public static readonly Tick Status = new("status");
        public static readonly Tick Redeliver = new("redeliver");
        public static readonly Tick Steal = new("steal");
    }

    /// <summary>One of this node's agents as the coordinator sees it.</summary>
    private sealed class AgentSlot(string id)
    {
        public string Id { get; } = id;
        public IActorRef? Ref { get; set; }
        public AgentInfo? Info { get; set; }
        /// <summary>Tasks this coordinator handed it that have not finished.</summary>
        public int Running { get; set; }

        /// <summary>Tasks it may take now: slots left when it works normally, one probe when its breaker is half-open.</summary>
        public int Free => FreeWith(0);

        /// <summary>As <see cref="Free"/>, counting <paramref name="prefetch"/> tasks it may hold waiting beyond its slots (breaker closed only).</summary>
        public int FreeWith(int prefetch) => Ref is null || Info is null ? 0 : Info.Status switch
        {
            AgentStatus.Idle or AgentStatus.Executing or AgentStatus.Error => Info.Breaker switch
            {
                "closed" => Math.Max(0, Info.Slots + prefetch - Running),
                "half-open" => Running == 0 ? 1 : 0,
                _ => 0,
            },
            _ => 0,
        };
    }

    protected override void PreStart()
    {
        _cluster.SetQueueLengthProvider(() => Volatile.Read(ref _queuedCount));
        _cluster.Subscribe(Self, InitialStateMode.AsEvents, typeof(MemberEvent));
        foreach (var a in _agentList) _agentRegion.Tell(new GetAgent(a.Id), Self);
        _coordinator.Tell(Registration(), Self);
        Timers.StartPeriodicTimer("status", Tick.Status, _settings.StatusReportInterval);
        Timers.StartPeriodicTimer("redeliver", Tick.Redeliver, _settings.ResultRedeliveryInterval);
        if (_settings.WorkStealing) Timers.StartPeriodicTimer("steal", Tick.Steal, _settings.StealInterval);
        LogInformationStarted(Log, _nodeName, _agentList.Count, _settings.WorkStealing);
    }

    protected override void PostStop()
    {
        _cluster.SetQueueLengthProvider(() => 0);
        _cluster.Unsubscribe(Self);
    }

    private void OnTick(Tick tick)
    {
        if (tick == Tick.Status) OnStatusTick();
        else if (tick == Tick.Redeliver) OnRedeliver();
        else OnStealTick();
    }

    private void OnMemberEvent(MemberEvent e)
    {
        if (e.Member.UniqueAddress == _cluster.SelfUniqueAddress)
        {
            if (e.Member.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down && !_leaving)
            {
                // Stop starting work; what is queued here is re-dispatched by its jobs once this node is removed.
                _leaving = true;
                LogInformationLeaving(Log, _nodeName, _deque.Count);
            }
            return;
        }
        // The cluster coordinator is a singleton on the oldest worker: when a worker goes, it may have moved.
        if (e is MemberRemoved or MemberExited && e.Member.HasRole(_settings.Role)) _registered = false;
    }

    private bool IsLocal(IActorRef actor) => !actor.Path.Address.HasGlobalScope || actor.Path.Address == _cluster.SelfAddress;

    private void OnAgentInfo(AgentInfo info)
    {
        if (!_agents.TryGetValue(info.AgentId, out var slot) || !IsLocal(Sender))
            return;
        if (!Sender.Equals(slot.Ref))
        {
            if (slot.Ref is not null) Context.Unwatch(slot.Ref);
            slot.Ref = Sender;
            Context.Watch(Sender);
        }
        slot.Info = info;
        Dispatch();
    }

    private void OnAgentTerminated(Terminated t)
    {
        var slot = _agentList.FirstOrDefault(a => t.ActorRef.Equals(a.Ref));
        if (slot is null) return;
        slot.Ref = null;
        slot.Info = null;
        // Its running attempts were cancelled with it: run them again here (handlers are idempotent).
        foreach (var (key, run) in _running.Where(kv => kv.Value.Agent == slot).ToList())
        {
            _running.Remove(key);
            _deque.Requeue(run.Entry);
        }
        slot.Running = 0;
        QueueChanged();
        _agentRegion.Tell(new GetAgent(slot.Id), Self);
    }

    private void OnAssign(AssignTasks assign)
    {
        _stealSentAt = null;
        foreach (var offer in assign.Tasks)
            if (!_running.ContainsKey((assign.JobId, offer.Task.Id, offer.Attempt)))
                _deque.Add(assign.JobId, assign.Roots, offer);
        _lowWaterArmed = true;
        QueueChanged();
        Dispatch();
    }

    private void OnCancelJob(CancelJobTasks cancel)
    {
        var dropped = _deque.RemoveJob(cancel.JobId);
        QueueChanged();
        var agents = _running.Values.Where(r => r.Entry.JobId == cancel.JobId).Select(r => r.Agent).Distinct().ToList();
        foreach (var a in agents) a.Ref?.Tell(new CancelRunning(cancel.JobId), Self);
        LogInformationJobCancelled(Log, cancel.JobId, dropped.Count, agents.Count);
    }

    private void OnCheckAttempts(CheckAttempts check)
    {
        var held = new List<HeldAttempt>();
        var notHeld = new List<TaskAttempt>();
        var pending = _results.GetValueOrDefault(check.JobId);
        foreach (var a in check.Attempts)
        {
            if (_running.TryGetValue((check.JobId, a.TaskId, a.Attempt), out var run)) held.Add(new HeldAttempt(a.TaskId, a.Attempt, run.Since));
            else if (_deque.Holds(check.JobId, a.TaskId, a.Attempt) || pending?.Unacked.ContainsKey(a) == true) held.Add(new HeldAttempt(a.TaskId, a.Attempt, null));
            else notHeld.Add(a);
        }
        _jobs.Tell(new AttemptsHeld(check.JobId, _nodeName, held, notHeld), Self);
    }

    private void OnRefused(TaskRefused refused)
    {
        var e = refused.Entry;
        if (_running.Remove((e.JobId, e.Task.Id, e.Offer.Attempt), out var run))
        {
            run.Agent.Running = Math.Max(0, run.Agent.Running - 1);
            if (run.Agent.Ref?.Equals(Sender) == true) run.Agent.Info = refused.Agent;
            _deque.Requeue(e);
            QueueChanged();
        }
        Dispatch();
    }

    private void OnFinished(TaskFinished finished)
    {
        var r = finished.Result;
        if (_running.Remove((finished.JobId, r.TaskId, r.Attempt), out var run)) run.Agent.Running = Math.Max(0, run.Agent.Running - 1);
        Record(finished);
        AddResult(finished.JobId, r);
        Dispatch();
    }

    private void QueueChanged() => Volatile.Write(ref _queuedCount, _deque.Count);

    private int FreeSlots(int prefetch = 0)
    {
        var free = 0;
        foreach (var a in _agentList) free += a.FreeWith(prefetch);
        return free;
    }

    /// <summary>Hands queued tasks to agents that can take them, as far as the resource gate allows.</summary>
    private void Dispatch()
    {
        if (_leaving || _deque.Count == 0) return;
        var withPrefetch = FreeSlots(Prefetch());
        if (withPrefetch == 0) return;
        var load = _cluster.SelfLoad;
        _gate = ResourceGate.Decide(ResourceGate.OthersCpu(load.CpuPercent, _ownCpuPercent), load.MemoryPercent, FreeSlots(), _running.Count, _settings);
        // Agents hold a few tasks beyond their slots only while the gate is open; a gate in its warning or stop zone
        // counts starts, and a held task would start without asking it.
        var prefetch = _gate.Level == GateLevel.Open ? Prefetch() : 0;
        var budget = prefetch > 0 ? withPrefetch : _gate.Startable;
        if (budget == 0) return;
        var now = DateTimeOffset.UtcNow;
        var scanned = 0;
        foreach (var q in _deque.InOrder)
        {
            if (budget == 0 || scanned++ >= MaxScan) break;
            if (q.Task.Deadline is { } deadline && deadline < now)
            {
                _toDrop.Add((q, TaskError.Fatal(ErrorCodes.ETIMEDOUT, $"the task's deadline {deadline:O} passed before it could start")));
                continue;
            }
            if (!_handlers.TryGet(q.Task.Type, out _))
            {
                _toDrop.Add((q, TaskError.Fatal(ErrorCodes.UnknownType, $"node {_nodeName} has no handler for task type '{q.Task.Type}'")));
                continue;
            }
            if (!_handlers.CanRun(q.Task, _settings.Capabilities))
            {
                _toDrop.Add((q, TaskError.Fatal(ErrorCodes.EINVAL,
                    $"no agent on node {_nodeName} has the capabilities task type '{q.Task.Type}' needs (agents have [{string.Join(", ", _settings.Capabilities)}])")));
                continue;
            }
            if (PickAgent(q.Task, prefetch) is not { } agent) continue;
            agent.Running++;
            budget--;
            _toStart.Add((q, agent));
        }
        foreach (var (q, error) in _toDrop)
        {
            _deque.Remove(q);
            _failed++;
            LogWarningNotStarted(Log, q.JobId, q.Task.Id, error.ToString());
            AddResult(q.JobId, new TaskResult(q.Task.Id, q.Offer.Attempt, "", null, error, 0, now, 0));
        }
        foreach (var (q, agent) in _toStart)
        {
            _deque.Remove(q);
            _running[(q.JobId, q.Task.Id, q.Offer.Attempt)] = (q, agent, now);
            agent.Ref!.Tell(new RunTask(q), Self);
        }
        _toDrop.Clear();
        _toStart.Clear();
        QueueChanged();
        ReportIfLow();
    }

    /// <summary>An agent with a free slot that can run <paramref name="task"/>: a preferred one first, else the one with most free slots.</summary>
    private AgentSlot? PickAgent(KaneTask task, int prefetch)
    {
        foreach (var id in task.Affinity.PreferredAgents)
            if (_agents.TryGetValue(id, out var preferred) && preferred.FreeWith(prefetch) > 0 && _handlers.CanRun(task, preferred.Info!.Capabilities))
                return preferred;
        AgentSlot? best = null;
        var bestFree = 0;
        foreach (var a in _agentList)
        {
            var free = a.FreeWith(prefetch);
            if (free > bestFree && _handlers.CanRun(task, a.Info!.Capabilities))
            {
                best = a;
                bestFree = free;
            }
        }
        return best;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node coordinator of {Node} started with {Agents} agents (work stealing {Stealing})")]
    private static partial void LogInformationStarted(ILogger logger, string node, int agents, bool stealing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} is leaving: it starts no more tasks ({Queued} queued go back through their jobs)")]
    private static partial void LogInformationLeaving(ILogger logger, string node, int queued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled: dropped {Queued} queued tasks, cancelling running ones on {Agents} agents")]
    private static partial void LogInformationJobCancelled(ILogger logger, string jobId, int queued, int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} task {TaskId} not started: {Error}")]
    private static partial void LogWarningNotStarted(ILogger logger, string jobId, string taskId, string error);
}
