using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.Sharding.Allocation;
using Kane.Persistence;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// Decides where each shard of one entity type lives. Runs as a cluster singleton and event-sources its
/// <see cref="CoordinatorState"/> under <c>/sharding/TYPECoordinator</c>: registrations, allocations (through the
/// allocation strategy, confirmed with HostShard), rebalancing with one <see cref="RebalanceWorker"/> per moving
/// shard (requests for a moving shard wait until it stopped), and regions that stopped or whose member was removed
/// (their shards are forgotten, after the removal margin for a removed member).
/// </summary>
internal sealed partial class ShardCoordinator : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotAfter = 1000;
    private readonly string _typeName;
    private readonly ClusterShardingSettings _settings;
    private readonly IShardAllocationStrategy _strategy;
    private readonly Cluster _cluster;
    private readonly TimeSpan _removalMargin;
    private readonly Dictionary<string, IActorRef> _refs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IActorRef>> _deferred = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _rebalancing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unstarted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shuttingDown = new(StringComparer.Ordinal);
    private CoordinatorState _state = CoordinatorState.Empty;

    public ShardCoordinator(string typeName, ClusterShardingSettings settings, IShardAllocationStrategy strategy)
    {
        _typeName = typeName;
        _settings = settings;
        _strategy = strategy;
        _cluster = Cluster.Get(Context.System);
        _removalMargin = _cluster.Settings.SplitBrainResolver?.DownRemovalMargin ?? TimeSpan.Zero;
        PersistenceId = $"/sharding/{typeName}Coordinator";
        ShardingEventSerialization.Register(Extension.Serializers);

        Recover<ICoordinatorEvent>(e => Update(e));
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is CoordinatorSnapshot s) _state = CoordinatorState.FromSnapshot(s);
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<Register>(_ => OnRegister(Sender, proxy: false));
        Command<RegisterProxy>(_ => OnRegister(Sender, proxy: true));
        Command<GetShardHome>(g => OnGetShardHome(g.Shard, Sender));
        Command<ShardStarted>(s => { _unstarted.Remove(s.Shard); Timers.Cancel("host-" + s.Shard); });
        Command<ResendHostShard>(OnResendHostShard);
        Command<ShardHome>(_ => { }); // answers to the coordinator's own allocations (remember-entities)
        Command<RebalanceTick>(_ => Rebalance());
        Command<RebalanceDone>(OnRebalanceDone);
        Command<GracefulShutdownReq>(_ => OnGracefulShutdown(Sender));
        Command<Terminated>(t => RegionGone(ShardingWire.PathOf(t.ActorRef)));
        Command<MemberRemoved>(m => Timers.StartSingleTimer("removed-" + m.Member.Address, new RemovedMarginPassed(m.Member.Address), _removalMargin));
        Command<RemovedMarginPassed>(m => RegionsAtGone(m.Address));
        Command<IClusterDomainEvent>(_ => { });
        Command<CurrentClusterState>(_ => { });
        Command<GetCurrentRegions>(_ => Sender.Tell(new CurrentRegions([.. _state.Regions.Keys.Select(p => ActorPath.Parse(p).Address.ToString()).Distinct()])));
        Command<GetRegionPaths>(_ => Sender.Tell(new RegionPaths([.. _state.Regions.Keys])));
        Command<CoordinatorStop>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => LogWarningSnapshotFailed(Log, PersistenceId, f.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        base.PostStop();
    }

    private void Update(ICoordinatorEvent e)
    {
        var (state, note) = _state.Apply(e);
        _state = state;
        if (note is not null) LogWarningEventNote(Log, PersistenceId, note);
    }

    private void PersistEvent<T>(T e, Action<T> then) where T : ICoordinatorEvent => Persist(e, persisted =>
    {
        Update(persisted);
        if (LastSequenceNr % SnapshotAfter == 0) SaveSnapshot(_state.ToSnapshot());
        then(persisted);
    });

    private void OnRecovered()
    {
        LogInformationStarted(Log, _typeName, _state.Regions.Count, _state.Shards.Count);
        _cluster.Subscribe(Self, typeof(MemberRemoved));
        var members = _cluster.State.Members.Select(m => m.Address).ToHashSet();
        foreach (var path in _state.Regions.Keys.Concat(_state.Proxies).ToList())
        {
            var region = Ref(path);
            if (!members.Contains(region.Path.Address) || region.Equals(Context.System.DeadLetters))
            {
                RegionGone(path);
                continue;
            }
            Context.Watch(region);
        }
        Timers.StartPeriodicTimer("rebalance", RebalanceTick.Instance, _settings.RebalanceInterval);
        if (_settings.RememberEntities)
        {
            foreach (var shard in _state.Shards.Keys) _unstarted.Add(shard);
            foreach (var (shard, region) in _state.Shards) Ref(region).Tell(new HostShard(shard));
        }
    }

    private IActorRef Ref(string path)
    {
        if (_refs.TryGetValue(path, out var r)) return r;
        r = ShardingWire.Resolve(Context.System, path);
        _refs[path] = r;
        return r;
    }

    private string Remember(IActorRef region)
    {
        var path = ShardingWire.PathOf(region);
        _refs[path] = region;
        return path;
    }

    private void OnRegister(IActorRef region, bool proxy)
    {
        var path = Remember(region);
        var known = proxy ? _state.Proxies.Contains(path) : _state.HasRegion(path);
        if (known)
        {
            region.Tell(new RegisterAck());
            return;
        }
        Context.Watch(region);
        if (proxy) PersistEvent(new ShardRegionProxyRegistered(path), _ => region.Tell(new RegisterAck()));
        else PersistEvent(new ShardRegionRegistered(path), _ =>
        {
            LogInformationRegionRegistered(Log, path);
            region.Tell(new RegisterAck());
        });
    }

    private void OnGetShardHome(string shard, IActorRef requester)
    {
        if (_rebalancing.ContainsKey(shard))
        {
            if (!_deferred.TryGetValue(shard, out var waiting)) _deferred[shard] = waiting = [];
            if (!waiting.Contains(requester)) waiting.Add(requester);
            return;
        }
        if (_state.RegionOf(shard) is { } home)
        {
            requester.Tell(new ShardHome(shard, home));
            return;
        }
        var candidates = Entries().Where(e => !_shuttingDown.Contains(ShardingWire.PathOf(e.Region))).ToList();
        if (candidates.Count == 0)
        {
            // A leaving region would wait for a region that is not coming (its shutdown phase timing out): say so.
            // Anyone else asks again, as a region that starts will register.
            if (_shuttingDown.Contains(ShardingWire.PathOf(requester))) requester.Tell(new ShardHomeUnavailable(shard));
            return;
        }
        var chosen = _strategy.AllocateShard(requester, shard, candidates);
        var path = ShardingWire.PathOf(chosen);
        if (!_state.HasRegion(path) || _shuttingDown.Contains(path)) return;
        PersistEvent(new ShardHomeAllocated(shard, path), _ =>
        {
            LogDebugAllocated(Log, shard, path);
            Host(shard, chosen);
            requester.Tell(new ShardHome(shard, path));
        });
    }

    private void Host(string shard, IActorRef region)
    {
        _unstarted.Add(shard);
        region.Tell(new HostShard(shard));
        Timers.StartSingleTimer("host-" + shard, new ResendHostShard(shard), _settings.ShardStartTimeout);
    }

    private void OnResendHostShard(ResendHostShard resend)
    {
        if (!_unstarted.Contains(resend.Shard) || _state.RegionOf(resend.Shard) is not { } home) return;
        Host(resend.Shard, Ref(home));
    }

    private List<RegionEntry> Entries()
    {
        var members = _cluster.State.Members.ToDictionary(m => m.Address);
        return [.. _state.Regions.Select(kv =>
        {
            var region = Ref(kv.Key);
            return new RegionEntry(region, members.GetValueOrDefault(region.Path.Address), [.. kv.Value]);
        })];
    }

    private void Rebalance()
    {
        var state = _cluster.State;
        var view = new ClusterView(
            state.Members.Any(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp),
            !state.Unreachable.IsEmpty,
            state.Members.Select(m => m.AppVersion).Distinct().Count() > 1);
        var moves = _strategy.Rebalance(Entries(), _rebalancing.Keys.ToHashSet(), view);
        foreach (var shard in moves) StartHandOff(shard);
    }

    private void StartHandOff(string shard)
    {
        if (_rebalancing.ContainsKey(shard) || _state.RegionOf(shard) is not { } home) return;
        var owner = Ref(home);
        var everyone = _state.Regions.Keys.Concat(_state.Proxies).Select(Ref).Where(r => !r.Equals(Context.System.DeadLetters)).ToList();
        LogInformationRebalancing(Log, shard, home);
        _rebalancing[shard] = Context.ActorOf(Props.Create(() => new RebalanceWorker(shard, owner, everyone, _settings.HandOffTimeout)));
    }

    private void OnRebalanceDone(RebalanceDone done)
    {
        if (!_rebalancing.Remove(done.Shard)) return;
        if (!done.Ok || _state.RegionOf(done.Shard) is null)
        {
            AnswerDeferred(done.Shard);
            return;
        }
        PersistEvent(new ShardHomeDeallocated(done.Shard), _ =>
        {
            LogDebugDeallocated(Log, done.Shard);
            AnswerDeferred(done.Shard);
        });
    }

    private void AnswerDeferred(string shard)
    {
        var waiting = _deferred.Remove(shard, out var w) ? w : [];
        if (waiting.Count == 0 && _settings.RememberEntities && _state.RegionOf(shard) is null) waiting.Add(Self);
        foreach (var requester in waiting) Self.Tell(new GetShardHome(shard), requester);
    }

    private void OnGracefulShutdown(IActorRef region)
    {
        var path = Remember(region);
        if (!_state.HasRegion(path)) return;
        if (_shuttingDown.Add(path)) LogInformationGracefulShutdown(Log, path, _state.ShardsOf(path).Count);
        foreach (var shard in _state.ShardsOf(path)) StartHandOff(shard);
    }

    private void RegionsAtGone(Address address)
    {
        foreach (var path in _state.Regions.Keys.Concat(_state.Proxies).Where(p => Ref(p).Path.Address == address).ToList())
            RegionGone(path);
    }

    private void RegionGone(string path)
    {
        _shuttingDown.Remove(path);
        if (_state.Proxies.Contains(path))
        {
            PersistEvent(new ShardRegionProxyTerminated(path), _ => { });
            return;
        }
        if (!_state.HasRegion(path)) return;
        var shards = _state.ShardsOf(path);
        PersistEvent(new ShardRegionTerminated(path), _ =>
        {
            LogInformationRegionTerminated(Log, path, shards.Count);
            foreach (var shard in shards)
            {
                _unstarted.Remove(shard);
                Timers.Cancel("host-" + shard);
                if (!_rebalancing.ContainsKey(shard)) AnswerDeferred(shard);
            }
        });
    }

    private sealed record RebalanceTick
    {
        public static readonly RebalanceTick Instance = new();
    }

    private sealed record ResendHostShard(string Shard);

    private sealed record RemovedMarginPassed(Address Address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Coordinator of {Type} started with {Regions} regions and {Shards} shards")]
    private static partial void LogInformationStarted(ILogger logger, string type, int regions, int shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coordinator {PersistenceId}: {Note}")]
    private static partial void LogWarningEventNote(ILogger logger, string persistenceId, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coordinator {PersistenceId} could not save a snapshot: {Reason}")]
    private static partial void LogWarningSnapshotFailed(ILogger logger, string persistenceId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region} registered")]
    private static partial void LogInformationRegionRegistered(ILogger logger, string region);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {Shard} allocated to {Region}")]
    private static partial void LogDebugAllocated(ILogger logger, string shard, string region);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {Shard} deallocated after its hand-off")]
    private static partial void LogDebugDeallocated(ILogger logger, string shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalancing shard {Shard} off {Region}")]
    private static partial void LogInformationRebalancing(ILogger logger, string shard, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region} shuts down gracefully: handing off its {Count} shards")]
    private static partial void LogInformationGracefulShutdown(ILogger logger, string region, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region} is gone; its {Count} shards will be allocated again on demand")]
    private static partial void LogInformationRegionTerminated(ILogger logger, string region, int count);
}
