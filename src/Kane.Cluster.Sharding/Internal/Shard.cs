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
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _idByRef = [];
    private readonly HashSet<string> _passivating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Buffered>> _passivationBuffers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastActivity = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remembered = new(StringComparer.Ordinal);
    private readonly Queue<string> _toRestart = new();
    private readonly List<Buffered> _waitingForStore = [];
    private readonly List<Buffered> _afterHandOff = [];
    private IActorRef? _store;
    private IActorRef? _handOffBy;
    private bool _storeReady;
    private bool _drained;
    private int _bufferedCount;

    public Shard(string typeName, string shardId, Func<string, Props> entityProps, ClusterShardingSettings settings,
        IMessageExtractor extractor, object handOffStopMessage)
    {
        _typeName = typeName;
        _shardId = shardId;
        _entityProps = entityProps;
        _settings = settings;
        _extractor = extractor;
        _handOffStopMessage = handOffStopMessage;

        Receive<HandOff>(_ => BeginHandOff(Sender));
        Receive<Passivate>(p => OnPassivate(Sender, p.StopMessage));
        Receive<Terminated>(OnTerminated);
        Receive<RememberedEntities>(OnRemembered);
        Receive<StoreFlushed>(_ => Finish());
        Receive<RestartRemembered>(_ => RestartSome());
        Receive<RestartEntity>(r => { if (_remembered.Contains(r.EntityId) && !_entities.ContainsKey(r.EntityId) && _handOffBy is null) StartEntity(r.EntityId); });
        Receive<IdleCheck>(_ => PassivateIdle());
        Receive<HandOffTimedOut>(_ => OnHandOffTimeout());
        Receive<GetShardState>(_ => Sender.Tell(new ShardStateReply(_shardId, [.. _entities.Keys])));
        ReceiveAny(m => Handle(m, Sender));
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
        // Only a shard that was stopped without a hand-off (its region stopped) gets here with messages left.
        if (_drained) return;
        foreach (var b in _waitingForStore.Concat(_passivationBuffers.Values.SelectMany(x => x)).Concat(_afterHandOff))
            Context.System.DeadLetters.Tell(new DeadLetter(b.Message, b.Sender, Self) { Reason = $"shard {_shardId} of {_typeName} stopped" }, b.Sender);
    }

    private void Handle(object message, IActorRef sender)
    {
        if (_handOffBy is not null)
        {
            _afterHandOff.Add(new Buffered(message, sender));
            return;
        }
        if (!_storeReady)
        {
            _waitingForStore.Add(new Buffered(message, sender));
            return;
        }
        if (message is StartEntity start)
        {
            if (!_entities.ContainsKey(start.EntityId) && !_passivating.Contains(start.EntityId)) StartEntity(start.EntityId);
            sender.Tell(new StartEntityAck(start.EntityId, _shardId));
            return;
        }
        var id = _extractor.EntityId(message);
        if (id is null)
        {
            LogWarningNotForEntity(Log, message.GetType().Name, _shardId);
            Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self) { Reason = "not for an entity" }, sender);
            return;
        }
        Deliver(id, message, sender);
    }

    private void Deliver(string id, object message, IActorRef sender)
    {
        if (_passivating.Contains(id))
        {
            if (_bufferedCount >= Math.Max(1, _settings.BufferSize))
            {
                LogWarningPassivationBufferFull(Log, _settings.BufferSize, id, _shardId);
                Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self) { Reason = "shard buffer full while the entity passivates" }, sender);
                return;
            }
            if (!_passivationBuffers.TryGetValue(id, out var buffer)) _passivationBuffers[id] = buffer = [];
            buffer.Add(new Buffered(message, sender));
            _bufferedCount++;
            return;
        }
        var entity = _entities.TryGetValue(id, out var running) ? running : StartEntity(id);
        if (_settings.IdlePassivationEnabled) _lastActivity[id] = Environment.TickCount64;
        entity.Tell(_extractor.EntityMessage(message), sender);
    }

    private IActorRef StartEntity(string id)
    {
        var entity = Context.ActorOf(_entityProps(id), ShardingWire.ActorName(id));
        Context.Watch(entity);
        _entities[id] = entity;
        _idByRef[entity] = id;
        // Activity is only tracked when idle passivation reads it: one dictionary entry and write less per entity.
        if (_settings.IdlePassivationEnabled) _lastActivity[id] = Environment.TickCount64;
        if (_store is not null && _remembered.Add(id)) _store.Tell(new RememberStart(id));
        return entity;
    }

    private void OnPassivate(IActorRef entity, object stopMessage)
    {
        if (!_idByRef.TryGetValue(entity, out var id) || _passivating.Contains(id)) return;
        _passivating.Add(id);
        entity.Tell(stopMessage);
    }

    private void PassivateIdle()
    {
        if (_handOffBy is not null) return;
        var cutoff = Environment.TickCount64 - (long)_settings.PassivateIdleEntityAfter.TotalMilliseconds;
        foreach (var (id, entity) in _entities.ToList())
        {
            if (_passivating.Contains(id) || _lastActivity.GetValueOrDefault(id) > cutoff) continue;
            LogDebugIdlePassivation(Log, id, _shardId);
            OnPassivate(entity, _handOffStopMessage);
        }
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
        if (!_idByRef.Remove(t.ActorRef, out var id)) return;
        _entities.Remove(id);
        _lastActivity.Remove(id);
        var wasPassivating = _passivating.Remove(id);
        if (_handOffBy is not null)
        {
            if (_entities.Count == 0) FlushAndFinish();
            return;
        }
        if (wasPassivating)
        {
            if (_remembered.Remove(id)) _store?.Tell(new RememberStop(id));
            if (_passivationBuffers.Remove(id, out var buffer) && buffer.Count > 0)
            {
                _bufferedCount -= buffer.Count;
                foreach (var b in buffer) Deliver(id, b.Message, b.Sender);
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
        foreach (var b in waiting) Handle(b.Message, b.Sender);
    }

    private void RestartSome()
    {
        for (var i = 0; i < _settings.RememberEntitiesPacingEntities && _toRestart.Count > 0; i++)
        {
            var id = _toRestart.Dequeue();
            if (_handOffBy is null && !_entities.ContainsKey(id)) StartEntity(id);
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
        if (_entities.Count == 0)
        {
            FlushAndFinish();
            return;
        }
        LogDebugHandingOff(Log, _shardId, _entities.Count);
        foreach (var (id, entity) in _entities)
        {
            if (!_passivating.Contains(id)) entity.Tell(_handOffStopMessage);
        }
        Timers.StartSingleTimer("handoff", HandOffTimedOut.Instance, _settings.HandOffTimeout);
    }

    private void OnHandOffTimeout()
    {
        LogWarningHandOffTimeout(Log, _shardId, _entities.Count, _settings.HandOffTimeout);
        foreach (var entity in _entities.Values) Context.Stop(entity);
    }

    private void FlushAndFinish()
    {
        Timers.Cancel("handoff");
        if (_store is not null) _store.Tell(FlushStore.Instance);
        else Finish();
    }

    private void Finish()
    {
        if (_handOffBy is null || _drained || _entities.Count > 0) return;
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
