using System.Diagnostics;
using Kane.Actor;
using Kane.Cluster;
using Kane.Persistence;
using Kane.Persistence.Serialization;
using Microsoft.Extensions.Logging;

namespace Kane.Actors.Internal;

/// <summary>
/// One Kane agent: a sharded, event-sourced entity (persistence id <c>kane-agent-{id}</c>) that runs tasks on its
/// home node. It journals being added, pause, resume, stop and periodic metric checkpoints; its breaker and running
/// tasks are soft state. The first run of a task goes straight to the thread pool; only a task that fails retryably
/// gets a runner under a back-off supervisor for its retries (see <see cref="TaskRunner"/>), which keeps the
/// supervision semantics without an actor pair per task.
/// </summary>
internal sealed partial class KaneAgent : ReceivePersistentActor, IWithTimers
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(5);
    private readonly string _agentId;
    private readonly string _home;
    private readonly KaneAgentsSettings _settings;
    private readonly TaskHandlerRegistry _handlers;
    private readonly Cluster.Cluster _cluster;
    private readonly bool _atHome;
    private readonly bool _validId;
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    /// <summary>Tasks handed to this agent beyond its slots (agent-prefetch), in arrival order.</summary>
    private readonly Queue<(QueuedTask Entry, IActorRef Node)> _waiting = new();
    private bool _startingWaiting;
    private IReadOnlyList<string> _capabilities;
    private int _slots;
    private bool _added;
    private bool _paused;
    private bool _stopped;
    private bool _unreachable;
    private long _completed, _failed, _retried;
    private double _totalMs;
    private bool _metricsDirty;
    private CircuitBreaker _breaker;
    private AgentStatus _announced = (AgentStatus)(-1);
    private string _announcedBreaker = "";

    public KaneAgent(string agentId, KaneAgentsSettings settings, TaskHandlerRegistry handlers)
    {
        _agentId = agentId;
        _home = AgentMessageExtractor.HomeNode(agentId);
        _settings = settings;
        _handlers = handlers;
        _cluster = Cluster.Cluster.Get(Context.System);
        _atHome = Paths.NodeName(_cluster.SelfAddress) == _home;
        var slash = agentId.LastIndexOf('/');
        _validId = slash > 0 && int.TryParse(agentId.AsSpan(slash + 1), out var n) && n >= 0 && n < settings.AgentsFor(Environment.ProcessorCount);
        _capabilities = settings.Capabilities;
        _slots = settings.SlotsPerAgent;
        _breaker = new CircuitBreaker(settings.BreakerMaxFailures, settings.BreakerResetTimeout);
        PersistenceId = $"kane-agent-{agentId}";
        AgentEvents.Register(Extension.Serializers);

        Recover<AgentAddedEvent>(Apply);
        Recover<AgentPausedEvent>(Apply);
        Recover<AgentResumedEvent>(Apply);
        Recover<AgentStoppedEvent>(Apply);
        Recover<AgentMetricsCheckpoint>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<RunTask>(OnRunTask);
        Command<RunEnded>(OnRunEnded);
        Command<StartRetries>(OnStartRetries);
        Command<RetriesEnded>(OnRetriesEnded);
        Command<CancelRunning>(c => CancelJob(c.JobId, TaskError.Fatal(ErrorCodes.ECANCELED, $"job {c.JobId} was cancelled")));
        Command<GetAgent>(_ => Answer(() => Sender.Tell(Info(), Self)));
        Command<PauseAgent>(_ => Answer(() => Change(new AgentPausedEvent(DateTimeOffset.UtcNow))));
        Command<ResumeAgent>(_ => Answer(() => Change(new AgentResumedEvent(DateTimeOffset.UtcNow))));
        Command<StopAgent>(_ => Answer(() => Change(new AgentStoppedEvent(DateTimeOffset.UtcNow))));
        Command<AgentTick>(OnTick);
        Command<UnreachableMember>(m => Reachability(m.Member, false));
        Command<ReachableMember>(m => Reachability(m.Member, true));
        Command<IClusterDomainEvent>(_ => { });
        Command<SaveSnapshotSuccess>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Agents run on this dispatcher (<c>kane.agents.dispatcher</c>, thread-pool): handlers start on the agent's thread.</summary>
    public const string DispatcherId = "kane.agents.dispatcher";

    public static Props Props(string agentId, KaneAgentsSettings settings, TaskHandlerRegistry handlers) =>
        Actor.Props.Create(() => new KaneAgent(agentId, settings, handlers)) with { Dispatcher = DispatcherId };

    public static void RegisterEvents(EventSerializerRegistry registry) => AgentEvents.Register(registry);

    private sealed class Running(QueuedTask entry, IActorRef node, DateTimeOffset startedAt)
    {
        public QueuedTask Entry { get; } = entry;
        public IActorRef Node { get; } = node;
        public CancellationTokenSource Cts { get; } = new();
        public DateTimeOffset StartedAt { get; } = startedAt;
        public long StartTicks { get; } = Stopwatch.GetTimestamp();
        public int Retries { get; set; }
        public TaskError? LastError { get; set; }
        public IActorRef? Supervisor { get; set; }
        public bool Probe { get; init; }
    }

    private static string KeyOf(QueuedTask e) => $"{e.JobId}\n{e.Task.Id}\n{e.Offer.Attempt}";

    private int MaxRetries(KaneTask task) => task.MaxRetries ?? _settings.RetryAttempts;

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        foreach (var r in _running.Values) r.Cts.Cancel();
        base.PostStop();
    }

    private void Apply(AgentAddedEvent e)
    {
        _added = true;
        _capabilities = e.Capabilities;
        _slots = e.Slots;
    }

    private void Apply(AgentPausedEvent _) => _paused = true;

    private void Apply(AgentResumedEvent _) => _paused = _stopped = false;

    private void Apply(AgentStoppedEvent _) => _stopped = true;

    private void Apply(AgentMetricsCheckpoint c)
    {
        _completed = c.Completed;
        _failed = c.Failed;
        _retried = c.Retried;
        _totalMs = c.TotalMs;
    }

    private void OnRecovered()
    {
        if (!_atHome)
        {
            if (_added) LogInformationAway(Log, _agentId, Paths.NodeName(_cluster.SelfAddress));
            return;
        }
        if (!_validId) return;
        // The node's current settings win over what was journaled when the agent was added.
        _capabilities = _settings.Capabilities;
        _slots = _settings.SlotsPerAgent;
        _cluster.Subscribe(Self, InitialStateMode.AsEvents, typeof(ReachabilityEvent));
        Timers.StartPeriodicTimer("metrics", AgentTick.Metrics, CheckpointInterval);
        if (_added)
        {
            Announce();
            return;
        }
        Persist(new AgentAddedEvent(DateTimeOffset.UtcNow, _home, _capabilities, _slots), e =>
        {
            Apply(e);
            _capabilities = _settings.Capabilities;
            Publish(new AgentAdded(e.At, _agentId, _home, _capabilities));
            Announce();
        });
    }

    /// <summary>Runs <paramref name="action"/> for a known agent; an id that was never added gets AgentNotFound, and the entity stops.</summary>
    private void Answer(Action action)
    {
        if (_added)
        {
            action();
            return;
        }
        Sender.Tell(new AgentNotFound(_agentId), Self);
        Context.Stop(Self);
    }

    private void Change<T>(T e) where T : notnull
    {
        var sender = Sender;
        Persist(e, persisted => Changed(persisted, sender));
    }

    private void Changed(object persisted, IActorRef sender)
    {
        switch (persisted)
        {
            case AgentPausedEvent p:
                Apply(p);
                GiveBackWaiting();
                Publish(new AgentPaused(p.At, _agentId));
                break;
            case AgentResumedEvent r:
                Apply(r);
                Publish(new AgentResumed(r.At, _agentId));
                break;
            case AgentStoppedEvent s:
                Apply(s);
                HandBackAll();
                Publish(new AgentRemoved(s.At, _agentId, "stopped by an operator"));
                break;
        }
        sender.Tell(Info(), Self);
        Announce();
    }

    private void Reachability(Member member, bool reachable)
    {
        if (Paths.NodeName(member.Address) != _home || _unreachable == !reachable) return;
        _unreachable = !reachable;
        Announce();
    }

    private AgentStatus Status(DateTimeOffset now)
    {
        if (!_atHome || _unreachable) return AgentStatus.Disconnected;
        if (_stopped) return AgentStatus.Stopped;
        if (_paused) return AgentStatus.Paused;
        if (_breaker.StateAt(now) == BreakerState.Open) return AgentStatus.Error;
        return _running.Count > 0 ? AgentStatus.Executing : AgentStatus.Idle;
    }

    private AgentInfo Info()
    {
        var now = DateTimeOffset.UtcNow;
        return new AgentInfo(_agentId, _home, Status(now), _capabilities, _slots, _running.Count,
            new AgentMetrics(_completed, _failed, _retried, _totalMs, (double)_running.Count / Math.Max(1, _slots)), _breaker.Label(now));
    }

    /// <summary>Tells this node's coordinator the agent's state when its status or breaker changed (it assigns work by them).</summary>
    private void Announce(bool force = true)
    {
        if (!_atHome || !_added) return;
        var now = DateTimeOffset.UtcNow;
        var current = Status(now);
        var status = current is AgentStatus.Executing ? AgentStatus.Idle : current;
        var breaker = _breaker.Label(now);
        // Called after every task: build the AgentInfo only when there is something to tell.
        if (!force && status == _announced && breaker == _announcedBreaker) return;
        var info = Info();
        _announced = status;
        _announcedBreaker = breaker;
        Context.System.ActorSelection("/user/" + KaneAgents.NodeCoordinatorName).Tell(info, Self);
    }

    private bool CanStart(DateTimeOffset now) =>
        _added && _atHome && !_unreachable && !_paused && !_stopped && _running.Count < _slots && _breaker.Allows(now);

    /// <summary>Whether a task may wait here for a slot: the agent works normally and holds fewer than agent-prefetch.</summary>
    private bool CanHold(DateTimeOffset now) =>
        _added && _atHome && !_unreachable && !_paused && !_stopped && _waiting.Count < _settings.AgentPrefetch
        && _breaker.StateAt(now) == BreakerState.Closed;

    private void OnRunTask(RunTask run)
    {
        var now = DateTimeOffset.UtcNow;
        if (_waiting.Count == 0 && CanStart(now))
        {
            Start(run.Entry, Sender, now);
            return;
        }
        if (CanHold(now))
        {
            _waiting.Enqueue((run.Entry, Sender));
            return;
        }
        Sender.Tell(new TaskRefused(run.Entry, Info()), Self);
    }

    /// <summary>
    /// Starts held tasks while slots are free; gives them all back to the node coordinator when the agent can no
    /// longer run them (paused, stopped, breaker not closed). Not re-entered from a task that finishes at once.
    /// </summary>
    private void StartWaiting()
    {
        if (_startingWaiting) return;
        _startingWaiting = true;
        try
        {
            while (_waiting.Count > 0)
            {
                var now = DateTimeOffset.UtcNow;
                if (!(_added && _atHome && !_unreachable && !_paused && !_stopped) || _breaker.StateAt(now) != BreakerState.Closed)
                {
                    GiveBackWaiting();
                    return;
                }
                if (!CanStart(now)) return;
                var (entry, node) = _waiting.Dequeue();
                Start(entry, node, now);
            }
        }
        finally
        {
            _startingWaiting = false;
        }
    }

    /// <summary>Hands every held task back to its node coordinator, which queues it again (it never started here).</summary>
    private void GiveBackWaiting()
    {
        if (_waiting.Count == 0) return;
        var info = Info();
        while (_waiting.TryDequeue(out var w)) w.Node.Tell(new TaskRefused(w.Entry, info), Self);
    }

    /// <summary>Held tasks of a cancelled job end cancelled, as its running ones do.</summary>
    private void CancelWaiting(string jobId, TaskError error)
    {
        if (_waiting.Count == 0) return;
        var now = DateTimeOffset.UtcNow;
        var keep = new List<(QueuedTask Entry, IActorRef Node)>(_waiting.Count);
        while (_waiting.TryDequeue(out var w))
        {
            if (w.Entry.JobId != jobId)
            {
                keep.Add(w);
                continue;
            }
            var e = w.Entry;
            _failed++;
            _metricsDirty = true;
            AgentsMetrics.Failed.Add(1);
            Publish(new TaskFailed(now, e.JobId, e.Task.Id, e.Offer.Attempt, _agentId, error));
            w.Node.Tell(new TaskFinished(e.JobId, new TaskResult(e.Task.Id, e.Offer.Attempt, _agentId, null, error, 0, now, 0), e.Offer.QueuedAt), Self);
        }
        foreach (var w in keep) _waiting.Enqueue(w);
    }

    private void Start(QueuedTask entry, IActorRef node, DateTimeOffset now)
    {
        var probe = _breaker.StateAt(now) == BreakerState.HalfOpen;
        _breaker = _breaker.OnStart(now);
        var r = new Running(entry, node, now) { Probe = probe };
        var key = KeyOf(entry);
        _running[key] = r;
        AgentsMetrics.Started.Add(1);
        AgentsMetrics.QueueWait.Record(Math.Max(0, (now - entry.Offer.QueuedAt).TotalMilliseconds));
        Publish(new TaskStarted(now, entry.JobId, entry.Task.Id, entry.Offer.Attempt, _agentId));
        if (!_handlers.TryGet(entry.Task.Type, out var handler))
        {
            Finish(key, r, null, TaskError.Fatal(ErrorCodes.UnknownType, $"no handler for task type '{entry.Task.Type}' on {_home}"));
            return;
        }
        // The first run starts on the agent's own thread (a thread-pool dispatcher, so a handler that blocks holds a
        // pool thread, never a fork-join worker); a run that completes synchronously costs no further message.
        ValueTask<TaskOutcome> first;
        try
        {
            first = handler.ExecuteAsync(ContextFor(r, 0), r.Cts.Token);
        }
        catch (Exception ex)
        {
            OnRunEnded(new RunEnded(key, 0, null, ErrorCodes.Classify(ex)));
            return;
        }
        if (first.IsCompleted)
        {
            OnRunEnded(Ended(key, 0, first));
            return;
        }
        var self = Self;
        first.AsTask().ContinueWith(t => self.Tell(Ended(key, 0, t), self), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static RunEnded Ended(string key, int retry, ValueTask<TaskOutcome> run)
    {
        try
        {
            return new RunEnded(key, retry, run.Result, null);
        }
        catch (Exception ex)
        {
            return new RunEnded(key, retry, null, ErrorCodes.Classify(ex));
        }
    }

    private static RunEnded Ended(string key, int retry, Task<TaskOutcome> t) => t.IsCompletedSuccessfully
        ? new RunEnded(key, retry, t.Result, null)
        : new RunEnded(key, retry, null, ErrorCodes.Classify(t.IsCanceled ? new OperationCanceledException() : t.Exception!.InnerException ?? t.Exception));

    private TaskContext ContextFor(Running r, int retry) =>
        new(r.Entry.Task, r.Entry.JobId, r.Entry.Roots, r.Entry.Offer.Attempt, retry, r.Entry.Offer.PreviousAttempts, _agentId);

    private Func<int, Task<TaskOutcome>> Runner(Running r, ITaskHandler handler)
    {
        var token = r.Cts.Token;
        return retry => handler.ExecuteAsync(ContextFor(r, retry), token).AsTask();
    }

    private void OnRunEnded(RunEnded ended)
    {
        if (!_running.TryGetValue(ended.Key, out var r)) return;
        r.Retries = ended.Retry;
        if (ended.Outcome is not null)
        {
            Finish(ended.Key, r, ended.Outcome, null);
            return;
        }
        var error = ended.Error ?? TaskError.Fatal(ErrorCodes.HandlerFault, "the handler ended without an outcome");
        r.LastError = error;
        var max = MaxRetries(r.Entry.Task);
        if (!TaskRunner.ShouldRetry(error, ended.Retry, max, r.Cts.IsCancellationRequested))
        {
            Finish(ended.Key, r, null, error);
            return;
        }
        var retry = ended.Retry + 1;
        var delay = TaskRunner.NominalDelay(retry, _settings);
        var now = DateTimeOffset.UtcNow;
        _retried++;
        _metricsDirty = true;
        AgentsMetrics.Retried.Add(1);
        var e = r.Entry;
        LogDebugRetrying(Log, _agentId, e.JobId, e.Task.Id, retry, error.ToString());
        Publish(new TaskRetried(now, e.JobId, e.Task.Id, e.Offer.Attempt, _agentId, retry, delay, error));
        r.Node.Tell(new RetryScheduled(new TaskRetrying(e.JobId, new TaskAttempt(e.Task.Id, e.Offer.Attempt), retry, now + delay, error)), Self);
        // The first retry waits here; later ones are the supervisor's restarts of the runner.
        if (ended.Retry == 0) Timers.StartSingleTimer("retry-" + ended.Key, new StartRetries(ended.Key), delay);
    }

    private void OnStartRetries(StartRetries start)
    {
        if (!_running.TryGetValue(start.Key, out var r) || r.Supervisor is not null) return;
        if (!_handlers.TryGet(r.Entry.Task.Type, out var handler)) return;
        var props = TaskRunner.Supervised(start.Key, Self, Runner(r, handler), MaxRetries(r.Entry.Task), r.Cts.Token, _settings);
        r.Supervisor = Context.ActorOf(props);
        Context.WatchWith(r.Supervisor, new RetriesEnded(start.Key, r.Supervisor));
    }

    private void OnRetriesEnded(RetriesEnded ended)
    {
        if (_running.TryGetValue(ended.Key, out var r) && ended.Supervisor.Equals(r.Supervisor))
            Finish(ended.Key, r, null, r.LastError ?? TaskError.Fatal(ErrorCodes.HandlerFault, "the task's runner stopped without a result"));
    }

    private void CancelJob(string jobId, TaskError error)
    {
        CancelWaiting(jobId, error);
        foreach (var (key, r) in _running.Where(kv => kv.Value.Entry.JobId == jobId).ToList()) Cancel(key, r, error);
    }

    /// <summary>
    /// A stopped agent cancels its running attempts and gives them back to the node coordinator, which queues them for
    /// another agent (or a thief): no result is reported, so the job's attempt stays valid and runs elsewhere.
    /// </summary>
    private void HandBackAll()
    {
        GiveBackWaiting();
        var info = Info();
        foreach (var (key, r) in _running.ToList())
        {
            r.Cts.Cancel();
            Timers.Cancel("retry-" + key);
            if (r.Supervisor is { } s)
            {
                Context.Unwatch(s);
                Context.Stop(s);
            }
            _running.Remove(key);
            if (r.Probe) _breaker = _breaker with { ProbeInFlight = false };
            r.Node.Tell(new TaskRefused(r.Entry, info with { Running = _running.Count }), Self);
        }
    }

    private void Cancel(string key, Running r, TaskError error)
    {
        r.Cts.Cancel();
        Timers.Cancel("retry-" + key);
        if (r.Supervisor is { } s)
        {
            Context.Unwatch(s);
            Context.Stop(s);
        }
        Finish(key, r, null, error);
    }

    private void Finish(string key, Running r, TaskOutcome? outcome, TaskError? error)
    {
        _running.Remove(key);
        Timers.Cancel("retry-" + key);
        if (r.Supervisor is { } s) Context.Unwatch(s);
        var now = DateTimeOffset.UtcNow;
        var ms = Stopwatch.GetElapsedTime(r.StartTicks).TotalMilliseconds;
        var e = r.Entry;
        _totalMs += ms;
        _metricsDirty = true;
        AgentsMetrics.Duration.Record(ms);
        var before = _breaker.StateAt(now);
        if (outcome is not null)
        {
            _completed++;
            _breaker = _breaker.OnSuccess();
            AgentsMetrics.Completed.Add(1);
            Publish(new TaskCompleted(now, e.JobId, e.Task.Id, e.Offer.Attempt, _agentId, ms));
            if (before != BreakerState.Closed)
            {
                LogInformationRecovered(Log, _agentId);
                Publish(new AgentRecovered(now, _agentId));
            }
        }
        else
        {
            _failed++;
            AgentsMetrics.Failed.Add(1);
            Publish(new TaskFailed(now, e.JobId, e.Task.Id, e.Offer.Attempt, _agentId, error!));
            // A cancellation says nothing about the agent's health.
            if (error!.Code != ErrorCodes.ECANCELED)
            {
                _breaker = _breaker.OnFailure(now);
                if (_breaker.StateAt(now) == BreakerState.Open && (before != BreakerState.Open || r.Probe))
                {
                    var reason = $"{_breaker.ConsecutiveFailures} consecutive failed tasks, the last: {error}";
                    LogWarningBreakerOpened(Log, _agentId, reason);
                    AgentsMetrics.BreakerOpens.Add(1);
                    Publish(new HealthCheckFailed(now, _agentId, reason));
                    Timers.StartSingleTimer("breaker", AgentTick.Breaker, _settings.BreakerResetTimeout);
                }
            }
            else if (r.Probe)
            {
                _breaker = _breaker with { ProbeInFlight = false };
            }
        }
        r.Node.Tell(new TaskFinished(e.JobId, new TaskResult(e.Task.Id, e.Offer.Attempt, _agentId, outcome, error, r.Retries, r.StartedAt, ms), e.Offer.QueuedAt), Self);
        r.Cts.Dispose();
        Announce(force: false);
        StartWaiting();
    }

    private void OnTick(AgentTick tick)
    {
        if (tick == AgentTick.Breaker)
        {
            Announce();
            return;
        }
        // Keeps the node coordinator's view of the counters fresh for its status reports.
        Announce();
        if (!_metricsDirty) return;
        _metricsDirty = false;
        PersistAsync(new AgentMetricsCheckpoint(DateTimeOffset.UtcNow, _completed, _failed, _retried, _totalMs), _ => { });
    }

    private void Publish<T>(T e) where T : KaneDomainEvent
    {
        var stream = Context.System.EventStream;
        if (stream.HasSubscribers<T>()) stream.Publish(e);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} is away from its home node (on {Node}): it reports Disconnected and runs nothing")]
    private static partial void LogInformationAway(ILogger logger, string agentId, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {AgentId}: job {JobId} task {TaskId} retry {Retry} after {Error}")]
    private static partial void LogDebugRetrying(ILogger logger, string agentId, string jobId, string taskId, int retry, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}: circuit breaker opened ({Reason})")]
    private static partial void LogWarningBreakerOpened(ILogger logger, string agentId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId}: circuit breaker closed after a successful probe")]
    private static partial void LogInformationRecovered(ILogger logger, string agentId);
}
