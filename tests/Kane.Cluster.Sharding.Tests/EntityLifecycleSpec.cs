using System.Collections.Concurrent;
using Kane.Actor;
using Kane.Event;
using Kane.Pattern;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>Passivation, remember-entities, StartEntity, envelopes across nodes and the region's bounded buffer.</summary>
public sealed class EntityLifecycleSpec : IDisposable
{
    private readonly Nodes _nodes = new();
    private readonly EntitySink _sink = new();

    public void Dispose() => _nodes.Dispose();

    private Cluster One(CapturedLogs? logs = null)
    {
        var a = _nodes.System(logs: logs);
        var ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        return ca;
    }

    private void Await(Func<bool> condition, string what, params Cluster[] clusters) =>
        Nodes.Await(condition, what, TimeSpan.FromSeconds(30), clusters);

    [Fact]
    public void Messages_that_arrive_while_an_entity_passivates_are_kept_and_delivered_to_it_restarted()
    {
        var a = One();
        var region = ShardingSpec.StartRegion(a, _sink);
        region.Tell(new Hit("p", 1));
        Await(() => _sink.Total == 1, "the first message", a);
        region.Tell(new PassivateMe("p"));
        // The entity has sent Passivate to its shard before this flag is set, so every Hit below reaches the shard after
        // it. They go through the region actor itself (a selection resolves to it, not to the ref Start returned), so
        // none takes the local fast path straight into the passivating entity's mailbox (decision 0018).
        Await(() => _sink.AskedToPassivate.ContainsKey("p"), "the entity asked to passivate", a);
        var regionActor = a.System.ActorSelection(region.Path.ToString());
        for (var seq = 2; seq <= 50; seq++) regionActor.Tell(new Hit("p", seq));

        Await(() => _sink.Total == 50, $"50 messages (got {_sink.Total})", a);
        Assert.Null(_sink.CheckExactlyOnceInOrder(["p"], 50));
        Assert.Equal(2, _sink.StartsOf("p"));
        Assert.Equal(1, _sink.Stops.GetValueOrDefault("p"));
    }

    [Fact]
    public void Messages_sent_through_the_fast_path_while_an_entity_passivates_arrive_once_and_in_order()
    {
        var a = One();
        var region = ShardingSpec.StartRegion(a, _sink);
        region.Tell(new Hit("q", 1));
        Await(() => _sink.Total == 1, "the first message", a);
        region.Tell(new PassivateMe("q"));
        Await(() => _sink.AskedToPassivate.ContainsKey("q"), "the entity asked to passivate", a);
        // Told before the shard closes the entity's entry, a Hit lands in the old incarnation's mailbox ahead of its
        // stop; told after, it is buffered by the shard and starts the entity again. Either way: once, in order.
        for (var seq = 2; seq <= 50; seq++) region.Tell(new Hit("q", seq));

        Await(() => _sink.Total == 50, $"50 messages (got {_sink.Total})", a);
        Assert.Null(_sink.CheckExactlyOnceInOrder(["q"], 50));
        Assert.InRange(_sink.StartsOf("q"), 1, 2);
        Assert.Equal(1, _sink.Stops.GetValueOrDefault("q"));
    }

    [Fact]
    public void An_idle_entity_is_passivated_and_started_again_by_its_next_message()
    {
        var a = One();
        var region = ShardingSpec.StartRegion(a, _sink, ShardingSpec.Fast with { PassivateIdleEntityAfter = TimeSpan.FromMilliseconds(300) });
        region.Tell(new Hit("idle", 1));
        Await(() => _sink.Stops.GetValueOrDefault("idle") == 1, "the idle entity stopped", a);
        region.Tell(new Hit("idle", 2));
        Await(() => _sink.Total == 2, "the second message", a);
        Assert.Null(_sink.CheckExactlyOnceInOrder(["idle"], 2));
        Assert.Equal(2, _sink.StartsOf("idle"));
    }

    [Fact]
    public void A_remembered_entity_that_stops_without_passivating_is_restarted_after_the_backoff()
    {
        var a = One();
        var region = ShardingSpec.StartRegion(a, _sink, ShardingSpec.Fast with { RememberEntities = true });
        region.Tell(new Hit("r", 1));
        Await(() => _sink.Total == 1, "the first message", a);
        region.Tell(new Halt("r"));
        Await(() => _sink.StartsOf("r") == 2, "the entity started again without a message", a);
        Assert.Equal(1, _sink.Stops.GetValueOrDefault("r"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Remembered_entities_of_a_crashed_node_start_again_on_the_others_without_a_message(bool crashTheCoordinatorsNode)
    {
        var (a, b, c) = _nodes.Three();
        var settings = ShardingSpec.Fast with { RememberEntities = true };
        var regions = new[] { a, b, c }.Select(x => ShardingSpec.StartRegion(x, _sink, settings)).ToArray();
        await ShardingSpec.AwaitRegions(regions[0], 3);
        var oldest = a.State.Members.OrderBy(m => m, MemberAgeOrdering.Instance).First().Address;
        var victim = new[] { a, b, c }.First(x => (x.SelfAddress == oldest) == crashTheCoordinatorsNode);
        var region = ClusterSharding.Get(new[] { a, b, c }.First(x => x != victim).System).ShardRegion("hits");
        var entities = Enumerable.Range(0, 30).Select(i => $"m{i}").ToArray();
        foreach (var e in entities) region.Tell(new Hit(e, 1));
        Await(() => _sink.Total == 30, "30 first messages", a, b, c);
        var onVictim = _sink.Starts.Where(kv => kv.Value.Contains(victim.SelfAddress)).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(onVictim);

        Nodes.Crash(victim.System);
        var rest = new[] { a, b, c }.Where(x => x != victim).ToArray();
        Await(() => onVictim.All(e => _sink.Starts[e].Any(n => n != victim.SelfAddress)),
            "every entity of the crashed node started elsewhere", rest);

        foreach (var e in entities) region.Tell(new Hit(e, 2));
        Await(() => _sink.Total == 60, $"60 messages (got {_sink.Total})", rest);
        Assert.Null(_sink.CheckExactlyOnceInOrder(entities, 2));
        Assert.All(onVictim, e => Assert.NotEqual(victim.SelfAddress, _sink.Received[e].Last().Node));
    }

    [Fact]
    public async Task StartEntity_starts_an_entity_without_a_message_and_envelopes_reach_entities_on_other_nodes()
    {
        var (a, b, c) = _nodes.Three();
        var extractor = new ShardEnvelopeExtractor(20);
        var regionA = ClusterSharding.Get(a.System).Start("env", id => Props.Create(() => new RecordingEntity(id, _sink)), ShardingSpec.Fast, extractor, null, StopEntity.Instance);
        // Every node with the role starts the region: the coordinator runs on the oldest of them.
        foreach (var x in new[] { b, c })
            ClusterSharding.Get(x.System).Start("env", id => Props.Create(() => new RecordingEntity(id, _sink)), ShardingSpec.Fast, extractor, null, StopEntity.Instance);
        await ShardingSpec.AwaitRegions(regionA, 3);

        var ack = await regionA.Ask<StartEntityAck>(new StartEntity("started"), TimeSpan.FromSeconds(10));
        Assert.Equal("started", ack.EntityId);
        Assert.Equal(extractor.ShardId("started"), ack.ShardId);
        Assert.Equal(1, _sink.StartsOf("started"));
        Assert.Equal(0, _sink.Total);

        var entities = Enumerable.Range(0, 40).Select(i => $"v{i}").ToArray();
        for (var seq = 1; seq <= 10; seq++)
            foreach (var e in entities) regionA.Tell(new ShardEnvelope(e, new Hit(e, seq)));
        Await(() => _sink.Total == 400, $"400 enveloped messages (got {_sink.Total})", a, b, c);
        Assert.Null(_sink.CheckExactlyOnceInOrder(entities, 10));
        Assert.Contains(entities, e => _sink.Starts[e].Single() != a.SelfAddress);
    }

    [Fact]
    public void A_full_region_buffer_sends_the_overflow_to_dead_letters_with_a_log_line()
    {
        var logs = new CapturedLogs();
        var a = One(logs);
        var dead = new ConcurrentQueue<DeadLetter>();
        a.System.EventStream.Subscribe(a.System.ActorOf(Props.Create(() => new DeadLetterCollector(dead))), typeof(DeadLetter));
        // No member has the role, so no coordinator ever answers: every message waits in the buffer.
        var proxy = ClusterSharding.Get(a.System).StartProxy("nowhere", "nobody", new HitExtractor(), ShardingSpec.Fast with { BufferSize = 10 });
        for (var seq = 1; seq <= 15; seq++) proxy.Tell(new Hit("x", seq));

        Await(() => dead.Count(d => d.Message is Hit) == 5, $"5 dead letters (got {dead.Count})", a);
        Assert.Equal([11, 12, 13, 14, 15], dead.Select(d => d.Message).OfType<Hit>().Select(h => h.Seq));
        Assert.All(dead.Where(d => d.Message is Hit), d => Assert.Contains("buffer full", d.Reason));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("buffer full") && l.Text.Contains("nowhere"));
        Assert.Equal(0, _sink.Total);
    }
}
