using Kane.Actor;
using Kane.Event;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// One shard in its home region: creates entities lazily by id and forwards their messages; passivation (asked for
/// by an entity, or after idling) keeps the messages that arrive meanwhile and restarts the entity for them;
/// remember-entities restarts the journaled entities when the shard starts (paced) and after an entity stopped
/// without passivating; a hand-off stops every entity with the hand-off stop message and gives the region back every
/// message it could not deliver, in order (<see cref="ShardDrained"/>).
/// </summary>
internal sealed partial class Shard : ReceiveActor, IWithTimers
{
    private const string RememberStoreName = "~remember";
    private readonly string _typeName;
    private readonly string _shardId;
    private readonly Func<string, Props> _entityProps;
    private readonly ClusterShardingSettings _settings;
    private readonly IMessageExtractor _extractor;
    private readonly object _handOffStopMessage;
    private readonly LocalRouting _routing;
    private readonly ShardGate _gate;
    private readonly HashSet<string> _passivating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Buffered>> _passivationBuffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remembered = new(StringComparer.Ordinal);
    private readonly Queue<string> _toRestart = new();
    private readonly List<Buffered> _waitingForStore = [];
    private readonly List<Buffered> _afterHandOff = [];
    private IActorRef? _store;
    private IActorRef? _handOffBy;
    private bool _storeReady;
    private bool _drained;
    private int _bufferedCount;
    // The running entities (published, passivating, or stopping in a hand-off) in a list linked through their
    // entries: no dictionary per entity on top of the routing map and the child registry.
    private EntityEntry? _first;
    private int _entityCount;

    public Shard(string typeName, string shardId, Func<string, Props> entityProps, ClusterShardingSettings settings,
        IMessageExtractor extractor, object handOffStopMessage, LocalRouting routing)
    {
        _typeName = typeName;
        _shardId = shardId;
        _entityProps = entityProps;
        _settings = settings;
        _extractor = extractor;
        _handOffStopMessage = handOffStopMessage;
        _routing = routing;
        _gate = routing.Gate(shardId);

        Receive<Counted>(c => Handle(c.Message, Sender, c.Gate));
        Receive<EntityEntry>(OnEntityStopped);
        Receive<HandOff>(_ => BeginHandOff(Sender));
        Receive<Passivate>(p => OnPassivate(Sender, p.StopMessage));
        Receive<Terminated>(OnTerminated);
        Receive<RememberedEntities>(OnRemembered);
        Receive<StoreFlushed>(_ => Finish());
        Receive<RestartRemembered>(_ => RestartSome());
        Receive<RestartEntity>(r => { if (_handOffBy is null && _remembered.Contains(r.EntityId) && !IsRunning(r.EntityId)) StartEntity(r.EntityId); });
        Receive<IdleCheck>(_ => PassivateIdle());
        Receive<HandOffTimedOut>(_ => OnHandOffTimeout());
        Receive<GetShardState>(_ => Sender.Tell(new ShardStateReply(_shardId, [.. Entries().Select(e => e.Id)])));
        ReceiveAny(m => Handle(m, Sender, null));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_settings.RememberEntities)
        {
            _store = Context.ActorOf(Props.Create(() => new RememberEntitiesStore(_typeName, _shardId)), RememberStoreName);
            Context.Watch(_store);
        }
        else
        {
            _storeReady = true;
        }
        if (_settings.IdlePassivationEnabled)
            Timers.StartPeriodicTimer("idle", IdleCheck.Instance, _settings.PassivateIdleEntityAfter / 2);
    }

    protected override void PostStop()
    {
        // A shard stopped without a hand-off (its region stopped) leaves no entity on the fast path.
        foreach (var entry in Entries()) _routing.Close(entry);
        // Only a shard that was stopped without a hand-off gets here with messages left.
        if (_drained) return;
        foreach (var b in _waitingForStore.Concat(_passivationBuffers.Values.SelectMany(x => x)).Concat(_afterHandOff))
            DeadLetter(b.Message, b.Sender, b.Gate, $"shard {_shardId} of {_typeName} stopped");
    }

    /// <summary>A message from the region; <paramref name="gate"/> is set when it holds a unit of the fast path's gate.</summary>
    private void Handle(object message, IActorRef sender, ShardGate? gate)
    {
        if (_handOffBy is not null)
        {
            _afterHandOff.Add(new Buffered(message, sender, gate));
            return;
        }
        if (!_storeReady)
        {
            _waitingForStore.Add(new Buffered(message, sender, gate));
            return;
        }
        if (message is StartEntity start)
        {
            LocalRouting.Settle(gate);
            if (!IsRunning(start.EntityId)) StartEntity(start.EntityId);
            sender.Tell(new StartEntityAck(start.EntityId, _shardId));
            return;
        }
        var id = _extractor.EntityId(message);
        if (id is null)
        {
            LogWarningNotForEntity(Log, message.GetType().Name, _shardId);
            DeadLetter(message, sender, gate, "not for an entity");
            return;
        }
        Deliver(id, message, sender, gate);
    }

    private void Deliver(string id, object message, IActorRef sender, ShardGate? gate)
    {
        if (_passivating.Count > 0 && _passivating.Contains(id))
        {
            if (_bufferedCount >= Math.Max(1, _settings.BufferSize))
            {
                LogWarningPassivationBufferFull(Log, _settings.BufferSize, id, _shardId);
                DeadLetter(message, sender, gate, "shard buffer full while the entity passivates");
                return;
            }
            if (!_passivationBuffers.TryGetValue(id, out var buffer)) _passivationBuffers[id] = buffer = [];
            buffer.Add(new Buffered(message, sender, gate));
            _bufferedCount++;
            return;
        }
        var entry = _routing.TryGetEntry(id, out var running) ? running : StartEntity(id);
        if (_settings.IdlePassivationEnabled) entry.LastActivity = Environment.TickCount64;
        entry.Ref.Tell(_extractor.EntityMessage(message), sender);
        // In the entity's mailbox now: a later fast-path message of the same sender queues behind it.
        LocalRouting.Settle(gate);
    }

    private void DeadLetter(object message, IActorRef sender, ShardGate? gate, string reason)
    {
        LocalRouting.Settle(gate);
        Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self) { Reason = reason }, sender);
    }

    /// <summary>Running here and not handing off: published, or passivating.</summary>
    private bool IsRunning(string id) => _routing.IsPublished(id) || _passivating.Contains(id);

    private EntityEntry StartEntity(string id)
    {
        var entity = Context.ActorOf(_entityProps(id), ShardingWire.ActorName(id));
        var entry = new EntityEntry(id, entity, _gate);
        // The entry is the termination notice: the shard finds the entity's state without a dictionary by ref.
        Context.WatchWith(entity, entry);
        entry.Next = _first;
        if (_first is not null) _first.Previous = entry;
        _first = entry;
        _entityCount++;
        // Activity is only tracked when idle passivation reads it.
        if (_settings.IdlePassivationEnabled) entry.LastActivity = Environment.TickCount64;
        _routing.Publish(entry);
        if (_store is not null && _remembered.Add(id)) _store.Tell(new RememberStart(id));
        return entry;
    }

    private IEnumerable<EntityEntry> Entries()
    {
        for (var e = _first; e is not null; e = e.Next) yield return e;
    }

    /// <summary>False when the entry is not in this instance's list (an entity of the instance before a restart).</summary>
    private bool Unlink(EntityEntry entry)
    {
        if (entry.Previous is not null) entry.Previous.Next = entry.Next;
        else if (ReferenceEquals(_first, entry)) _first = entry.Next;
        else return false;
        if (entry.Next is not null) entry.Next.Previous = entry.Previous;
        entry.Previous = entry.Next = null;
        _entityCount--;
        return true;
    }

    /// <summary>The entry of a running entity, from its ref (the sender of <see cref="Passivate"/>).</summary>
    private EntityEntry? EntryOf(IActorRef entity)
    {
        // Plain ids are their own actor names; others (escaped) and passivating ones are found by walking the list.
        var name = entity is Kane.Actor.Internal.LocalActorRef local ? local.Name : entity.Path.Name; // no path made for it
        if (_routing.TryGetEntry(name, out var e) && e.Ref.Equals(entity)) return e;
        return Entries().FirstOrDefault(x => x.Ref.Equals(entity));
    }

    private void OnPassivate(IActorRef entity, object stopMessage)
    {
        if (EntryOf(entity) is not { } entry || _passivating.Contains(entry.Id)) return;
        _passivating.Add(entry.Id);
        // Off the fast path first; what senders told it directly is in its mailbox before the stop message.
        _routing.Unpublish(entry);
        entry.Ref.Tell(stopMessage);
    }

    private void PassivateIdle()
    {
        if (_handOffBy is not null) return;
        var cutoff = Environment.TickCount64 - (long)_settings.PassivateIdleEntityAfter.TotalMilliseconds;
        var idle = Entries().Where(e => !_passivating.Contains(e.Id) && Volatile.Read(ref e.LastActivity) <= cutoff).ToList();
        if (idle.Count == 0) return;
        // Off the fast path all together, then one wait for the senders (one process-wide barrier for the batch).
        foreach (var entry in idle)
        {
            LogDebugIdlePassivation(Log, entry.Id, _shardId);
            _passivating.Add(entry.Id);
            _routing.Close(entry);
        }
        LocalRouting.AwaitSenders();
        foreach (var entry in idle) entry.Ref.Tell(_handOffStopMessage);
    }

    private void OnTerminated(Terminated t)
    {
        if (ReferenceEquals(t.ActorRef, _store) || t.ActorRef.Equals(_store))
        {
            _store = null;
            if (!_storeReady)
            {
                LogErrorStoreFailed(Log, _shardId, _typeName);
                OnRemembered(new RememberedEntities([]));
            }
            else if (_handOffBy is not null)
            {
                Finish();
            }
            return;
        }
    }

    private void OnEntityStopped(EntityEntry entry)
    {
        // Stopped on its own (or failed): its mailbox is closed, so no wait for fast-path senders is needed.
        _routing.Close(entry);
        if (!Unlink(entry)) return;
        var id = entry.Id;
        var wasPassivating = _passivating.Remove(id);
        if (_handOffBy is not null)
        {
            if (_entityCount == 0) FlushAndFinish();
            return;
        }
        if (wasPassivating)
        {
            if (_remembered.Remove(id)) _store?.Tell(new RememberStop(id));
            if (_passivationBuffers.Remove(id, out var buffer) && buffer.Count > 0)
            {
                _bufferedCount -= buffer.Count;
                foreach (var b in buffer) Deliver(id, b.Message, b.Sender, b.Gate);
            }
            return;
        }
        if (_remembered.Contains(id))
        {
            LogInformationEntityRestart(Log, id, _shardId, _settings.EntityRestartBackoff);
            Timers.StartSingleTimer("restart-" + id, new RestartEntity(id), _settings.EntityRestartBackoff);
        }
    }

    private void OnRemembered(RememberedEntities remembered)
    {
        if (_storeReady) return;
        _storeReady = true;
        foreach (var id in remembered.Ids)
        {
            _remembered.Add(id);
            _toRestart.Enqueue(id);
        }
        if (_toRestart.Count > 0)
        {
            LogInformationRestartingRemembered(Log, _toRestart.Count, _shardId, _typeName);
            RestartSome();
        }
        var waiting = _waitingForStore.ToList();
        _waitingForStore.Clear();
        foreach (var b in waiting) Handle(b.Message, b.Sender, b.Gate);
    }

    private void RestartSome()
    {
        for (var i = 0; i < _settings.RememberEntitiesPacingEntities && _toRestart.Count > 0; i++)
        {
            var id = _toRestart.Dequeue();
            if (_handOffBy is null && !IsRunning(id)) StartEntity(id);
        }
        if (_toRestart.Count > 0) Timers.StartSingleTimer("remembered", RestartRemembered.Instance, _settings.RememberEntitiesPacingInterval);
    }

    private void BeginHandOff(IActorRef region)
    {
        if (_handOffBy is not null) return;
        _handOffBy = region;
        _toRestart.Clear();
        Timers.Cancel("remembered");
        Timers.Cancel("idle");
        if (_entityCount == 0)
        {
            FlushAndFinish();
            return;
        }
        LogDebugHandingOff(Log, _shardId, _entityCount);
        // Close every entry first, then wait once for the senders still inside the fast path, then stop them.
        foreach (var entry in Entries()) _routing.Close(entry);
        LocalRouting.AwaitSenders();
        foreach (var entry in Entries())
        {
            if (!_passivating.Contains(entry.Id)) entry.Ref.Tell(_handOffStopMessage);
        }
        Timers.StartSingleTimer("handoff", HandOffTimedOut.Instance, _settings.HandOffTimeout);
    }

    private void OnHandOffTimeout()
    {
        LogWarningHandOffTimeout(Log, _shardId, _entityCount, _settings.HandOffTimeout);
        foreach (var entry in Entries()) Context.Stop(entry.Ref);
    }

    private void FlushAndFinish()
    {
        Timers.Cancel("handoff");
        if (_store is not null) _store.Tell(FlushStore.Instance);
        else Finish();
    }

    private void Finish()
    {
        if (_handOffBy is null || _drained || _entityCount > 0) return;
        _drained = true;
        var leftovers = new List<Buffered>(_waitingForStore);
        foreach (var buffer in _passivationBuffers.Values) leftovers.AddRange(buffer);
        leftovers.AddRange(_afterHandOff);
        _handOffBy.Tell(new ShardDrained(_shardId, leftovers));
        Context.Stop(Self);
    }

    private sealed record RestartEntity(string EntityId);

    private sealed record RestartRemembered
    {
        public static readonly RestartRemembered Instance = new();
    }

    private sealed record IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }

    private sealed record HandOffTimedOut
    {
        public static readonly HandOffTimedOut Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Type} in shard {Shard} is not for an entity; dead-lettered")]
    private static partial void LogWarningNotForEntity(ILogger logger, string type, string shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard buffer full ({Size} messages, kane.cluster.sharding.buffer-size) while entity {Entity} of shard {Shard} passivates; the message goes to dead letters")]
    private static partial void LogWarningPassivationBufferFull(ILogger logger, int size, string entity, string shard);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Passivating idle entity {Entity} of shard {Shard}")]
    private static partial void LogDebugIdlePassivation(ILogger logger, string entity, string shard);

    [LoggerMessage(Level = LogLevel.Error, Message = "The remember-entities store of shard {Shard} of {Type} failed before recovering; starting without remembered entities")]
    private static partial void LogErrorStoreFailed(ILogger logger, string shard, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Entity {Entity} of shard {Shard} stopped without passivating; restarting it in {Backoff}")]
    private static partial void LogInformationEntityRestart(ILogger logger, string entity, string shard, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restarting {Count} remembered entities of shard {Shard} of {Type}")]
    private static partial void LogInformationRestartingRemembered(ILogger logger, int count, string shard, string type);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handing off shard {Shard}: stopping {Count} entities")]
    private static partial void LogDebugHandingOff(ILogger logger, string shard, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hand-off of shard {Shard}: {Count} entities still running after {Timeout} (kane.cluster.sharding.handoff-timeout); stopping them")]
    private static partial void LogWarningHandOffTimeout(ILogger logger, string shard, int count, TimeSpan timeout);
}
