using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Kane.Actor;
using Kane.Cluster;
using Kane.Cluster.Sharding;
using Kane.Pattern;

namespace Kane.MultiNode.Specs.Cluster;

/// <summary>Message <see cref="Seq"/> for entity <see cref="Entity"/>.</summary>
public sealed record Hit(string Entity, int Seq);

/// <summary>The entity <see cref="Entity"/> on <see cref="Node"/> got <see cref="Seq"/>.</summary>
public sealed record HitSeen(string Entity, int Seq, string Node);

[JsonSerializable(typeof(Hit))]
[JsonSerializable(typeof(HitSeen))]
public sealed partial class ShardingSpecJson : JsonSerializerContext;

public sealed class HitExtractor() : HashCodeMessageExtractor(30)
{
    public override string? EntityId(object message) => message is Hit h ? h.Entity : null;
}

/// <summary>Reports every hit to the collector on the first node.</summary>
public sealed class HitEntity : ReceiveActor
{
    public HitEntity(string collectorPath)
    {
        var collector = Context.System.ActorSelection(collectorPath);
        var node = Context.System.Address.ToString();
        Receive<Hit>(h => collector.Tell(new HitSeen(h.Entity, h.Seq, node), Self));
    }
}

public sealed class HitCollector : ReceiveActor
{
    public HitCollector(ConcurrentQueue<HitSeen> seen) => Receive<HitSeen>(seen.Enqueue);
}

public sealed class ShardingClusterConfig : ThreeNodeClusterConfig
{
    public ShardingClusterConfig() =>
        CommonConfig += """

            kane.remote.serialization {
              json-contexts = ["Kane.MultiNode.Specs.Cluster.ShardingSpecJson, Kane.MultiNode.Specs"]
              bindings {
                "spec.hit" = "Kane.MultiNode.Specs.Cluster.Hit, Kane.MultiNode.Specs"
                "spec.hit-seen" = "Kane.MultiNode.Specs.Cluster.HitSeen, Kane.MultiNode.Specs"
              }
            }
            kane.cluster.sharding {
              retry-interval = 200ms
              shard-start-timeout = 2s
              rebalance-interval = 500ms
              handoff-timeout = 10s
              passivate-idle-entity-after = 0s
            }
            kane.cluster.singleton.hand-over-retry-interval = 200ms
            kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
            """;
}

/// <summary>Regions on the nodes, a collector on the first; checks that every hit arrived once and in order per entity.</summary>
public abstract class ShardingSpecBase() : MultiNodeClusterSpec(new ShardingClusterConfig())
{
    protected const int Entities = 60;

    protected ConcurrentQueue<HitSeen> Seen { get; } = new();

    protected IActorRef StartRegion() =>
        ClusterSharding.Get(Sys).Start("hits", _ => Props.Create(() => new HitEntity(GetAddress(Config.First) + "/user/collector")), null, new HitExtractor());

    /// <summary>Waits until the coordinator knows <paramref name="count"/> regions (before that, shards go to the ones it knows).</summary>
    protected async Task AwaitRegions(IActorRef region, int count)
    {
        var deadline = DateTime.UtcNow + Wait;
        while ((await region.Ask<CurrentRegions>(new GetCurrentRegions(), TimeSpan.FromSeconds(5))).Addresses.Length < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Myself}: the coordinator never knew {count} regions");
            await Task.Delay(50);
        }
    }

    protected void StartCollector() => RunOn(() => Sys.ActorOf(Props.Create(() => new HitCollector(Seen)), "collector"), Config.First);

    protected static string Id(int i) => "entity-" + i;

    /// <summary>Sends seq <paramref name="from"/>..<paramref name="to"/> to every entity, a round at a time.</summary>
    protected static async Task Stream(IActorRef region, int from, int to, TimeSpan pause)
    {
        for (var seq = from; seq <= to; seq++)
        {
            for (var e = 0; e < Entities; e++) region.Tell(new Hit(Id(e), seq));
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
    }

    /// <summary>
    /// Every entity got 1..<paramref name="last"/> exactly once; on each node in order; and once an entity moved to
    /// another node it never got an older number there than the last one its old home got (no reordering across
    /// the hand-off), nor went back.
    /// </summary>
    protected string? Check(int last)
    {
        foreach (var group in Seen.GroupBy(s => s.Entity))
        {
            var seqs = group.Select(s => s.Seq).Order().ToList();
            if (!seqs.SequenceEqual(Enumerable.Range(1, last))) return $"{group.Key}: got {seqs.Count} numbers, expected 1..{last} once each";
            foreach (var byNode in group.GroupBy(s => s.Node))
            {
                var arrival = byNode.Select(s => s.Seq).ToList();
                if (!arrival.SequenceEqual(arrival.Order())) return $"{group.Key} on {byNode.Key}: out of order";
            }
            var homes = group.OrderBy(s => s.Seq).Select(s => s.Node).Aggregate(new List<string>(), (l, n) => { if (l.Count == 0 || l[^1] != n) l.Add(n); return l; });
            if (homes.Distinct().Count() != homes.Count) return $"{group.Key}: moved back to a former home ({string.Join(" → ", homes)})";
        }
        return Seen.Select(s => s.Entity).Distinct().Count() == Entities ? null : "not every entity answered";
    }
}

/// <summary>
/// Entities spread over the first two nodes; a third joins and receives shards by rebalancing while 10,000 hits are in
/// flight: all arrive exactly once and in per-entity order.
/// </summary>
public sealed class ShardingRebalanceSpec : ShardingSpecBase
{
    protected override async Task RunAsync()
    {
        var third = GetAddress(Config.Third).ToString();
        StartCollector();
        await RunOnAsync(async () =>
        {
            StartCluster(Config.First, Config.Second);
            await AwaitMembersUp(2);
        }, Config.First, Config.Second);
        EnterBarrier("two-up");
        IActorRef? region = null;
        RunOn(() => region = StartRegion(), Config.First, Config.Second);
        EnterBarrier("two-regions");
        await RunOnAsync(async () =>
        {
            await AwaitRegions(region!, 2);
            await Stream(region!, 1, 5, TimeSpan.Zero);
            await AwaitAsync(() => Seen.Count >= Entities * 5, "the first 5 hits of every entity");
            Assert.Equal(2, Seen.Select(s => s.Node).Distinct().Count());
        }, Config.First);
        EnterBarrier("spread-over-two");
        await RunOnAsync(async () =>
        {
            StartCluster(Config.First, Config.Second);
            await AwaitMembersUp(3);
            StartRegion();
        }, Config.Third);
        await RunOnAsync(() => AwaitMembersUp(3), Config.First, Config.Second);
        EnterBarrier("third-up");
        await RunOnAsync(async () =>
        {
            const int last = 5 + 10_000 / Entities;
            await Stream(region!, 6, last, TimeSpan.FromMilliseconds(25)); // ~4 s: several rebalance rounds
            await AwaitAsync(() => Seen.Count >= Entities * last, $"{Entities * last} hits seen");
            Assert.Null(Check(last));
            Assert.Contains(Seen, s => s.Node == third); // the joining node received shards
        }, Config.First);
        EnterBarrier("checked");
    }
}

/// <summary>A node leaving gracefully hands its shards off first: hits streamed through the leave all arrive once, in order.</summary>
public sealed class ShardingGracefulLeaveSpec : ShardingSpecBase
{
    protected override async Task RunAsync()
    {
        var second = GetAddress(Config.Second).ToString();
        StartCollector();
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        var region = StartRegion();
        await AwaitRegions(region, 3);
        EnterBarrier("regions");
        await RunOnAsync(async () =>
        {
            await Stream(region, 1, 5, TimeSpan.Zero);
            await AwaitAsync(() => Seen.Count >= Entities * 5, "the first 5 hits of every entity");
            Assert.Equal(3, Seen.Select(s => s.Node).Distinct().Count()); // entities spread over the three nodes
        }, Config.First);
        EnterBarrier("spread");
        await RunOnAsync(async () =>
        {
            Cluster.Leave(Cluster.SelfAddress);
            await Cluster.WhenRemoved.WaitAsync(Wait);
        }, Config.Second);
        await RunOnAsync(async () =>
        {
            const int last = 105;
            await Stream(region, 6, last, TimeSpan.FromMilliseconds(25));
            await AwaitAsync(() => Seen.Count >= Entities * last, $"{Entities * last} hits seen");
            Assert.Null(Check(last));
            Assert.Contains(Seen, s => s.Node != second && Seen.Any(o => o.Entity == s.Entity && o.Node == second)); // second's entities moved
        }, Config.First);
        EnterBarrier("checked");
    }
}

public sealed class ShardingSpecs
{
    [Fact]
    public async Task A_joining_node_receives_shards_and_10000_hits_in_flight_during_the_rebalance_arrive_once_in_order() =>
        await MultiNodeRunner.RunAsync<ShardingRebalanceSpec>();

    [Fact]
    public async Task A_node_leaving_gracefully_hands_its_shards_off_without_losing_or_reordering_hits() =>
        await MultiNodeRunner.RunAsync<ShardingGracefulLeaveSpec>();

    [Fact]
    public async Task A_SIGKILLed_nodes_remembered_entities_restart_elsewhere_with_their_persisted_state() =>
        await MultiNodeRunner.RunAsync<ShardingRememberEntitiesCrashSpec>();
}

/// <summary>A persisted count: the entity's state in the shared journal.</summary>
public sealed record Counted(int N);

/// <summary>The entity <see cref="Entity"/> recovered on <see cref="Node"/> with <see cref="Count"/> hits.</summary>
public sealed record CounterRecovered(string Entity, int Count, string Node);

[JsonSerializable(typeof(CounterRecovered))]
[JsonSerializable(typeof(Counted))]
public sealed partial class RememberSpecJson : JsonSerializerContext;

/// <summary>A persistent counter: persists every hit, reports hits and each recovery to the collector.</summary>
public sealed class CounterEntity : Kane.Persistence.ReceivePersistentActor
{
    public CounterEntity(string id, string collectorPath)
    {
        PersistenceId = "counter-" + id;
        var collector = Context.System.ActorSelection(collectorPath);
        var node = Context.System.Address.ToString();
        var count = 0;
        Recover<Counted>(c => count = c.N);
        Recover<Kane.Persistence.RecoveryCompleted>(_ => collector.Tell(new CounterRecovered(id, count, node), Self));
        Command<Hit>(h => Persist(new Counted(count + 1), c =>
        {
            count = c.N;
            collector.Tell(new HitSeen(id, c.N, node), Self);
        }));
    }

    public override string PersistenceId { get; }
}

public sealed class RecoveryCollector : ReceiveActor
{
    public RecoveryCollector(ConcurrentQueue<HitSeen> seen, ConcurrentQueue<CounterRecovered> recovered)
    {
        Receive<HitSeen>(seen.Enqueue);
        Receive<CounterRecovered>(recovered.Enqueue);
    }
}

public sealed class RememberEntitiesConfig : ThreeNodeClusterConfig
{
    public RememberEntitiesConfig() : base(splitBrainResolver: true) =>
        CommonConfig += """

            kane.remote.serialization {
              json-contexts = ["Kane.MultiNode.Specs.Cluster.ShardingSpecJson, Kane.MultiNode.Specs", "Kane.MultiNode.Specs.Cluster.RememberSpecJson, Kane.MultiNode.Specs"]
              bindings {
                "spec.hit" = "Kane.MultiNode.Specs.Cluster.Hit, Kane.MultiNode.Specs"
                "spec.hit-seen" = "Kane.MultiNode.Specs.Cluster.HitSeen, Kane.MultiNode.Specs"
                "spec.counter-recovered" = "Kane.MultiNode.Specs.Cluster.CounterRecovered, Kane.MultiNode.Specs"
              }
            }
            kane.cluster.sharding {
              remember-entities = on
              retry-interval = 200ms
              shard-start-timeout = 2s
              rebalance-interval = 500ms
              remember-entities-pacing.interval = 20ms
            }
            kane.cluster.singleton.hand-over-retry-interval = 200ms
            kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
            """;
}

/// <summary>
/// Remember-entities on a journal the three processes share (SQLite WAL): the third is SIGKILLed, and the entities it
/// hosted start again on the survivors by themselves, with the counts they had persisted.
/// </summary>
public sealed class ShardingRememberEntitiesCrashSpec() : MultiNodeClusterSpec(new RememberEntitiesConfig())
{
    private const int Entities = 30;
    private readonly ConcurrentQueue<HitSeen> _seen = new();
    private readonly ConcurrentQueue<CounterRecovered> _recovered = new();

    protected override async Task RunAsync()
    {
        var secret = Sys.Settings.Config.GetString("kane.remote.secret");
        var journal = Path.Combine(Path.GetTempPath(), $"kane-mn-remember-{secret}.db");
        Kane.Persistence.Sql.SqlPersistence.Install(Sys, "sqlite:" + journal,
            new Kane.Persistence.Serialization.EventSerializerRegistry().Register("spec.counted", RememberSpecJson.Default.Counted));
        RunOn(() => Sys.ActorOf(Props.Create(() => new RecoveryCollector(_seen, _recovered)), "collector"), Config.First);
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        var collector = GetAddress(Config.First) + "/user/collector";
        var region = ClusterSharding.Get(Sys).Start("counters", id => Props.Create(() => new CounterEntity(id, collector)), null, new HitExtractor());
        EnterBarrier("regions");
        await RunOnAsync(async () =>
        {
            var deadline = DateTime.UtcNow + Wait;
            while ((await region.Ask<CurrentRegions>(new GetCurrentRegions(), TimeSpan.FromSeconds(5))).Addresses.Length < 3 && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            for (var n = 0; n < 3; n++)
                for (var e = 0; e < Entities; e++) region.Tell(new Hit("c" + e, n));
            await AwaitAsync(() => _seen.Count >= Entities * 3, "3 persisted hits per entity");
            var third = GetAddress(Config.Third).ToString();
            var onThird = _seen.Where(s => s.Node == third).Select(s => s.Entity).Distinct().ToList();
            Assert.NotEmpty(onThird);

            await TestConductor.Kill(Config.Third);
            await AwaitAsync(() => onThird.All(e => _recovered.Any(r => r.Entity == e && r.Node != third)),
                "every entity of the killed node recovered on a survivor without a new message", TimeSpan.FromSeconds(40));
            Assert.All(onThird, e => Assert.Equal(3, _recovered.Last(r => r.Entity == e && r.Node != third).Count));
        }, Config.First);
        EnterBarrier("recovered");
        RunOn(() => File.Delete(journal), Config.First);
    }
}
