using Kane.Actor;
using Kane.Event;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// The region of one entity type on one node: routes each message to its shard's home (a local shard child or the
/// region on another node), asking the coordinator where unknown shards live and keeping their messages meanwhile
/// (bounded by buffer-size, over all shards). A proxy region (<see cref="_hostsShards"/> false) hosts nothing.
/// </summary>
/// <remarks>The hand-off side (fences, draining, graceful shutdown) is in ShardRegion.HandOff.cs, queries in ShardRegion.Queries.cs.</remarks>
internal sealed partial class ShardRegion : ReceiveActor, IWithTimers
{
    private readonly string _typeName;
    private readonly Func<string, Props>? _entityProps;
    private readonly ClusterShardingSettings _settings;
    private readonly IMessageExtractor _extractor;
    private readonly object _handOffStopMessage;
    private readonly IActorRef _coordinatorProxy;
    private readonly bool _hostsShards;
    private readonly TaskCompletionSource _stopped;
    private readonly LocalRouting _routing;
    private readonly Dictionary<string, IActorRef> _homes = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, HashSet<string>> _shardsByRegion = [];
    private readonly Dictionary<string, IActorRef> _localShards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Buffered>> _buffers = new(StringComparer.Ordinal);
    private IActorRef? _coordinator;
    private int _buffered;
    private int _lastLoggedTenth;
    private string? _flushing;

    public ShardRegion(string typeName, Func<string, Props>? entityProps, ClusterShardingSettings settings, IMessageExtractor extractor,
        object handOffStopMessage, IActorRef coordinatorProxy, TaskCompletionSource stopped, LocalRouting routing)
    {
        _routing = routing;
        _typeName = typeName;
        _entityProps = entityProps;
        _settings = settings;
        _extractor = extractor;
        _handOffStopMessage = handOffStopMessage;
        _coordinatorProxy = coordinatorProxy;
        _hostsShards = entityProps is not null;
        _stopped = stopped;

        Receive<RegisterAck>(_ => OnRegisterAck(Sender));
        Receive<ShardHome>(OnShardHome);
        Receive<ShardHomeUnavailable>(OnShardHomeUnavailable);
        Receive<HostShard>(OnHostShard);
        Receive<BeginHandOff>(OnBeginHandOff);
        Receive<HandOffFence>(OnFence);
        Receive<HandOff>(OnHandOff);
        Receive<ShardDrained>(OnDrained);
        Receive<RetryTick>(_ => OnRetry());
        Receive<Terminated>(OnTerminated);
        Receive<StartGracefulShutdown>(_ => OnStartGracefulShutdown());
        Receive<MemberRemoved>(m => ForgetRegionsAt(m.Member.Address));
        Receive<IClusterDomainEvent>(_ => { });
        Receive<CurrentClusterState>(_ => { });
        Receive<WireShardEnvelope>(w =>
        {
            if (ShardingWire.FromWire(Context.System, w) is { } envelope) Route(envelope, Sender, null);
            else
            {
                LogWarningUnknownPayload(Log, w.Tag, w.EntityId);
                Context.System.DeadLetters.Tell(new DeadLetter(w, Sender, Self) { Reason = $"unknown payload tag '{w.Tag}'" }, Sender);
            }
        });
        ReceiveQueries();
        Receive<Counted>(c =>
        {
            Route(c.Message, Sender, c);
            // Routed: in the shard's mailbox, in a buffer, sent away or dead-lettered; senders may tell the shard directly again.
            if (c.ViaRegion) Interlocked.Decrement(ref c.Gate.ViaRegion);
        });
        ReceiveAny(m => Route(m, Sender, null));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("retry", RetryTick.Instance, _settings.RetryInterval);
        Cluster.Get(Context.System).Subscribe(Self, typeof(MemberRemoved));
        RegisterWithCoordinator();
    }

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        foreach (var (shard, buffer) in _buffers)
        {
            foreach (var b in buffer)
                DeadLetter(b.Message, b.Sender, b.Gate, $"region {_typeName} stopped before shard {shard} had a home");
        }
        _buffers.Clear();
        _stopped.TrySetResult();
    }

    private void RegisterWithCoordinator() =>
        _coordinatorProxy.Tell(_hostsShards ? new Register() : new RegisterProxy());

    private void OnRegisterAck(IActorRef coordinator)
    {
        if (coordinator.Equals(_coordinator)) return;
        if (_coordinator is not null) Context.Unwatch(_coordinator);
        _coordinator = coordinator;
        Context.Watch(coordinator);
        LogInformationRegistered(Log, _typeName, coordinator.Path);
        foreach (var shard in _buffers.Keys) coordinator.Tell(new GetShardHome(shard));
        if (_gracefulShutdown) coordinator.Tell(new GracefulShutdownReq());
    }

    private void OnRetry()
    {
        if (_coordinator is null)
        {
            RegisterWithCoordinator();
            return;
        }
        foreach (var shard in _buffers.Keys) _coordinator.Tell(new GetShardHome(shard));
        if (_gracefulShutdown) _coordinator.Tell(new GracefulShutdownReq());
    }

    /// <summary>
    /// A message from a sender on this node (or from another region): find the shard and deliver or keep it.
    /// <paramref name="counted"/> is set when the message holds a unit of the fast path's gate of its shard
    /// (<see cref="LocalRouting"/>): it is settled once the message reaches an entity's mailbox or leaves this node.
    /// </summary>
    private void Route(object message, IActorRef sender, Counted? counted)
    {
        var gate = counted?.Gate;
        string? shard;
        if (gate is not null)
        {
            shard = gate.ShardId;
        }
        else if (message is StartEntity start)
        {
            shard = _extractor.ShardId(start.EntityId);
        }
        else if (_extractor.EntityId(message) is null)
        {
            LogWarningNotForEntity(Log, message.GetType().Name, _typeName);
            DeadLetter(message, sender, null, "the message extractor found no entity id");
            return;
        }
        else
        {
            shard = _extractor.ShardId(message);
        }
        Deliver(shard, message, sender, gate, counted);
    }

    /// <param name="counted">The wrapper <paramref name="message"/> came in, reused to forward it to a local shard.</param>
    private void Deliver(string shard, object message, IActorRef sender, ShardGate? gate, Counted? counted = null)
    {
        if ((_buffers.Count > 0 && _buffers.ContainsKey(shard)) || !_homes.TryGetValue(shard, out var home))
        {
            Buffer(shard, message, sender, gate, force: false);
            return;
        }
        if (home.Equals(Self))
        {
            var local = LocalShard(shard);
            local.Tell(gate is null ? message : counted ?? new Counted(message, gate), sender);
            // Home here, nothing buffered for it: senders may tell it directly (the region unpublishes before a hand-off).
            // Not in the middle of a flush: later buffered messages must reach the shard before any told directly.
            if (gate is not null && gate.Shard is null && !ReferenceEquals(_flushing, shard)) LocalRouting.PublishShard(gate, local);
            return;
        }
        SendRemote(home, message, sender);
        // On its way to the shard's home elsewhere: the hand-off protocol keeps its order from here on.
        LocalRouting.Settle(gate);
    }

    private void DeadLetter(object message, IActorRef sender, ShardGate? gate, string reason)
    {
        LocalRouting.Settle(gate);
        Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self) { Reason = reason }, sender);
    }

    private void SendRemote(IActorRef region, object message, IActorRef sender)
    {
        if (message is not ShardEnvelope envelope)
        {
            region.Tell(message, sender);
            return;
        }
        try
        {
            region.Tell(ShardingWire.ToWire(Context.System, envelope), sender);
        }
        catch (NotSupportedException e)
        {
            LogWarningUnserializable(Log, e.Message);
            Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self) { Reason = e.Message }, sender);
        }
    }

    private void Buffer(string shard, object message, IActorRef sender, ShardGate? gate, bool force)
    {
        if (!force && _buffered >= _settings.BufferSize)
        {
            LogWarningBufferFull(Log, _typeName, _settings.BufferSize, shard, message.GetType().Name);
            DeadLetter(message, sender, gate, "sharding region buffer full (kane.cluster.sharding.buffer-size)");
            return;
        }
        if (!_buffers.TryGetValue(shard, out var buffer))
        {
            _buffers[shard] = buffer = [];
            _coordinator?.Tell(new GetShardHome(shard));
        }
        buffer.Add(new Buffered(message, sender, gate));
        _buffered++;
        var tenth = _settings.BufferSize == 0 ? 0 : (int)(_buffered * 10L / _settings.BufferSize);
        if (tenth > _lastLoggedTenth)
        {
            _lastLoggedTenth = tenth;
            LogInformationBufferFill(Log, _typeName, _buffered, _settings.BufferSize);
        }
    }

    private void OnShardHome(ShardHome home)
    {
        var region = ShardingWire.Resolve(Context.System, home.Region);
        if (region.Equals(Context.System.DeadLetters))
        {
            LogWarningUnresolvedHome(Log, home.Shard, home.Region);
            return;
        }
        if (_draining.ContainsKey(home.Shard)) return; // our own hand-off of it is still running; asked again later
        if (region.Equals(Self))
        {
            if (!_hostsShards) return;
            LocalShard(home.Shard);
        }
        SetHome(home.Shard, region);
        Flush(home.Shard);
    }

    private void OnHostShard(HostShard host)
    {
        if (!_hostsShards || _gracefulShutdown || _draining.ContainsKey(host.Shard)) return;
        LocalShard(host.Shard);
        SetHome(host.Shard, Self);
        Sender.Tell(new ShardStarted(host.Shard));
        Flush(host.Shard);
    }

    private void SetHome(string shard, IActorRef region)
    {
        if (!region.Equals(Self)) LocalRouting.UnpublishShard(_routing.Gate(shard));
        ForgetHome(shard);
        _homes[shard] = region;
        if (region.Equals(Self)) return;
        if (!_shardsByRegion.TryGetValue(region, out var shards))
        {
            _shardsByRegion[region] = shards = new HashSet<string>(StringComparer.Ordinal);
            Context.Watch(region);
        }
        shards.Add(shard);
    }

    private void ForgetHome(string shard)
    {
        if (!_homes.Remove(shard, out var old) || old.Equals(Self)) return;
        if (_shardsByRegion.TryGetValue(old, out var shards) && shards.Remove(shard) && shards.Count == 0)
        {
            _shardsByRegion.Remove(old);
            Context.Unwatch(old);
        }
    }

    /// <summary>Delivers what waited for <paramref name="shard"/>, in order, now that its home is known.</summary>
    private void Flush(string shard)
    {
        if (!_buffers.Remove(shard, out var buffer)) return;
        _buffered -= buffer.Count;
        if (_buffered * 10L / Math.Max(1, _settings.BufferSize) < _lastLoggedTenth) _lastLoggedTenth = (int)(_buffered * 10L / Math.Max(1, _settings.BufferSize));
        _flushing = shard;
        try
        {
            foreach (var b in buffer) Deliver(shard, b.Message, b.Sender, b.Gate);
        }
        finally
        {
            _flushing = null;
        }
        StopIfDone();
    }

    private IActorRef LocalShard(string shard)
    {
        if (_localShards.TryGetValue(shard, out var existing)) return existing;
        var props = Props.Create(() => new Shard(_typeName, shard, _entityProps!, _settings, _extractor, _handOffStopMessage, _routing));
        var child = Context.ActorOf(props, ShardingWire.ActorName(shard));
        Context.Watch(child);
        _localShards[shard] = child;
        return child;
    }

    private void OnTerminated(Terminated t)
    {
        if (t.ActorRef.Equals(_coordinator))
        {
            LogInformationCoordinatorLost(Log, _typeName);
            _coordinator = null;
            RegisterWithCoordinator();
            return;
        }
        var local = _localShards.FirstOrDefault(kv => kv.Value.Equals(t.ActorRef));
        if (local.Key is not null)
        {
            LocalRouting.UnpublishShard(_routing.Gate(local.Key));
            _localShards.Remove(local.Key);
            if (_homes.TryGetValue(local.Key, out var h) && h.Equals(Self)) _homes.Remove(local.Key);
            if (_draining.Remove(local.Key, out var worker)) worker.Tell(new ShardStopped(local.Key));
            StopIfDone();
            return;
        }
        ForgetRegion(t.ActorRef);
    }

    /// <summary>A removed member's regions are gone even if no Terminated ever arrives from a crashed node.</summary>
    private void ForgetRegionsAt(Address address)
    {
        foreach (var region in _shardsByRegion.Keys.Where(r => r.Path.Address == address).ToList()) ForgetRegion(region);
    }

    private void ForgetRegion(IActorRef region)
    {
        if (!_shardsByRegion.Remove(region, out var shards)) return;
        Context.Unwatch(region);
        foreach (var shard in shards) _homes.Remove(shard);
        LogInformationRegionLost(Log, region.Path.Address, shards.Count);
    }

    private sealed record RetryTick
    {
        public static readonly RetryTick Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Type} registered with the coordinator {Coordinator}")]
    private static partial void LogInformationRegistered(ILogger logger, string type, ActorPath coordinator);

    [LoggerMessage(Level = LogLevel.Information, Message = "The coordinator of {Type} stopped; registering again")]
    private static partial void LogInformationCoordinatorLost(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region at {Address} stopped; forgetting the homes of its {Count} shards")]
    private static partial void LogInformationRegionLost(ILogger logger, Address address, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Type} for sharded type {TypeName} has no entity id; dead-lettered")]
    private static partial void LogWarningNotForEntity(ILogger logger, string type, string typeName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sharding region {Type} buffer full ({Size} messages, kane.cluster.sharding.buffer-size): message {Message} for shard {Shard} goes to dead letters")]
    private static partial void LogWarningBufferFull(ILogger logger, string type, int size, string shard, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sharding region {Type} buffers {Count} of at most {Size} messages")]
    private static partial void LogInformationBufferFill(ILogger logger, string type, int count, int size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} lives at {Region}, which does not resolve here; asking again later")]
    private static partial void LogWarningUnresolvedHome(ILogger logger, string shard, string region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot send to another node: {Reason}")]
    private static partial void LogWarningUnserializable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A ShardEnvelope for entity {Entity} carries payload tag '{Tag}', which is not registered here; dead-lettered")]
    private static partial void LogWarningUnknownPayload(ILogger logger, string tag, string entity);
}
