using System.Collections.Concurrent;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Cluster.Sharding.Allocation;
using Kane.Cluster.Sharding.Internal;
using Kane.Pattern;
using Kane.Remote;
using Kane.Shutdown;

namespace Kane.Cluster.Sharding;

/// <summary>
/// Cluster sharding of one actor system: <see cref="Start"/> a region per entity type on every node that hosts
/// entities (or <see cref="StartProxy"/> where a node only sends to them), then send every message for an entity to
/// the region; it reaches the entity wherever its shard lives. Layout: regions at <c>/system/sharding/TYPE</c>, the
/// coordinator singleton under <c>/system/sharding/TYPECoordinator</c>.
/// </summary>
/// <remarks>
/// The coordinator journals its state with the system's persistence, and remember-entities journals each shard's
/// entities: every node must use the same journal (a shared SQL database) for shards and remembered entities to move
/// between nodes. A rebalance or a graceful leave hands shards off without losing or reordering messages sent
/// through regions (docs/decisions/0012-sharding-handoff-without-loss.md). The ref <see cref="Start"/> returns tells an
/// entity that runs on this node directly from the sender's thread, keeping each sender's order
/// (docs/decisions/0018-sharding-local-fast-path.md); a sender that mixes it with the region's actor ref obtained in
/// another way (a selection, a reply's sender) gets no order between the two.
/// </remarks>
public sealed class ClusterSharding
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system;
    private readonly IActorRef _guardian;
    private readonly ConcurrentDictionary<string, IActorRef> _regions = new(StringComparer.Ordinal);

    private ClusterSharding(ActorSystem system)
    {
        _system = system;
        Cluster.Get(system);
        ShardingWire.Register(system.Transport().Settings.Serialization);
        var serializers = Kane.Persistence.Persistence.Get(system).Serializers;
        ShardingEventSerialization.Register(serializers);
        serializers.Register<EntityStarted>(ShardingEventSerialization.TagPrefix + "entity-started")
            .Register<EntityStopped>(ShardingEventSerialization.TagPrefix + "entity-stopped");
        _guardian = ((ActorSystemImpl)system).SystemActorOf(Props.Create(() => new ShardingGuardian()), "sharding");
    }

    /// <summary>The sharding of <paramref name="system"/> (which must run a cluster).</summary>
    public static ClusterSharding Get(ActorSystem system) => system.GetOrAddExtension(s => new ClusterSharding(s));

    /// <summary>The names of the entity types with a region (or proxy) on this node.</summary>
    public IEnumerable<string> ShardTypeNames => _regions.Keys;

    /// <summary>
    /// Starts the region of <paramref name="typeName"/> on this node (once; later calls return the same region) and
    /// the coordinator's singleton manager; returns the region to send the entities' messages to.
    /// </summary>
    /// <param name="entityProps">The entity with the given id.</param>
    /// <param name="settings">Null = <c>kane.cluster.sharding</c> of the system's configuration.</param>
    /// <param name="extractor">The same on every node.</param>
    /// <param name="allocationStrategy">Null = <see cref="LeastShardAllocationStrategy"/> with the configured limits.</param>
    /// <param name="handOffStopMessage">What entities get to stop in a hand-off and idle passivation; null = <see cref="PoisonPill"/>.
    /// An entity that has to finish work first should take a message of its own and stop itself when done.</param>
    /// <exception cref="InvalidOperationException">This node does not have the settings' role (use <see cref="StartProxy"/>).</exception>
    public IActorRef Start(string typeName, Func<string, Props> entityProps, ClusterShardingSettings? settings, IMessageExtractor extractor,
        IShardAllocationStrategy? allocationStrategy = null, object? handOffStopMessage = null)
    {
        ArgumentNullException.ThrowIfNull(entityProps);
        settings = (settings ?? ClusterShardingSettings.FromConfig(_system.Settings.Config)).Validate();
        if (settings.Role is { } role && !Cluster.Get(_system).SelfRoles.Contains(role))
            throw new InvalidOperationException($"This node does not have role '{role}' that hosts {typeName}: start a proxy with StartProxy(\"{typeName}\", \"{role}\", extractor) instead.");
        allocationStrategy ??= new LeastShardAllocationStrategy(settings.RebalanceAbsoluteLimit, settings.RebalanceRelativeLimit);
        return StartRegion(typeName, entityProps, settings, extractor, allocationStrategy, handOffStopMessage ?? PoisonPill.Instance);
    }

    /// <summary>Starts a proxy region of <paramref name="typeName"/>: it routes to the entities, which live on nodes with <paramref name="role"/>, and hosts none.</summary>
    /// <param name="settings">Buffer size and retry interval; null = <c>kane.cluster.sharding</c> of the system's configuration. Its role is replaced by <paramref name="role"/>.</param>
    public IActorRef StartProxy(string typeName, string? role, IMessageExtractor extractor, ClusterShardingSettings? settings = null)
    {
        settings = (settings ?? ClusterShardingSettings.FromConfig(_system.Settings.Config)) with { Role = role };
        return StartRegion(typeName, null, settings.Validate(), extractor, new LeastShardAllocationStrategy(), PoisonPill.Instance);
    }

    /// <summary>The region (or proxy) of <paramref name="typeName"/> on this node.</summary>
    /// <exception cref="ArgumentException">No region of that type was started here.</exception>
    public IActorRef ShardRegion(string typeName) =>
        _regions.TryGetValue(typeName, out var region)
            ? region
            : throw new ArgumentException($"No sharding region of type '{typeName}' runs on {_system.Address}: call ClusterSharding.Start (or StartProxy) first.", nameof(typeName));

    private IActorRef StartRegion(string typeName, Func<string, Props>? entityProps, ClusterShardingSettings settings, IMessageExtractor extractor,
        IShardAllocationStrategy strategy, object handOffStopMessage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(extractor);
        if (_regions.TryGetValue(typeName, out var existing)) return existing;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var routing = new LocalRouting(extractor, settings.IdlePassivationEnabled);
        var region = _guardian.Ask<IActorRef>(new StartRegion(typeName, entityProps, settings, extractor, strategy, handOffStopMessage, stopped, routing), StartTimeout)
            .GetAwaiter().GetResult();
        // A hosting region's ref tells entities running here directly when it can (LocalRouting); a proxy hosts none.
        if (entityProps is not null && region is InternalActorRef inner) region = new RegionRef(inner, routing);
        if (!_regions.TryAdd(typeName, region)) return _regions[typeName];
        if (entityProps is not null)
        {
            CoordinatedShutdown.Get(_system).AddTask(CoordinatedShutdown.PhaseClusterShardingShutdownRegion, "region-" + typeName, async ct =>
            {
                // A node that is already out of the cluster (downed, removed, crashed) has no coordinator to hand off to.
                var cluster = Cluster.Get(_system);
                if (cluster.IsTerminated || cluster.SelfMember.Status is MemberStatus.Down or MemberStatus.Removed) return;
                region.Tell(StartGracefulShutdown.Instance);
                await Task.WhenAny(stopped.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            });
        }
        return region;
    }
}
