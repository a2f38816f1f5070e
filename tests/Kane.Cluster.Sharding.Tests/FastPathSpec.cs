using Kane.Actor;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>
/// The region ref's local fast path (docs/decisions/0018-sharding-local-fast-path.md): senders on the entities' node
/// tell them directly, and neither passivation nor a hand-off that happens meanwhile loses or reorders a message.
/// </summary>
public sealed class FastPathSpec : IDisposable
{
    private readonly Nodes _nodes = new();
    private readonly EntitySink _sink = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public async Task Concurrent_senders_lose_and_reorder_nothing_while_their_entities_passivate_and_their_shards_move_to_a_joining_node()
    {
        var a = _nodes.System();
        var ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        // A buffer that cannot overflow while shards move: an overflow is a documented loss, not what is tested here.
        var settings = ShardingSpec.Fast with { BufferSize = 1_000_000 };
        var region = ShardingSpec.StartRegion(ca, _sink, settings);
        const int senders = 4, perSender = 10;
        var owned = Enumerable.Range(0, senders).Select(s => Enumerable.Range(0, perSender).Select(i => $"s{s}-e{i}").ToArray()).ToArray();
        var sent = new int[senders];
        using var stop = new CancellationTokenSource();
        // One thread per sender, each the only sender to its entities, so that their order is defined. Every few
        // rounds one of its entities is asked to passivate while the messages keep coming.
        var threads = Enumerable.Range(0, senders).Select(s => Task.Factory.StartNew(() =>
        {
            var seq = 0;
            while (!stop.IsCancellationRequested)
            {
                seq++;
                foreach (var e in owned[s]) region.Tell(new Hit(e, seq));
                if (seq % 7 == 0) region.Tell(new PassivateMe(owned[s][seq / 7 % perSender]));
                Volatile.Write(ref sent[s], seq);
                Thread.Sleep(1);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        Nodes.Await(() => _sink.Total > 20000 && !_sink.Stops.IsEmpty, "traffic and passivations on one node", TimeSpan.FromSeconds(30), ca);

        var b = _nodes.System();
        var cb = _nodes.Start(b, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(2, ca, cb);
        ShardingSpec.StartRegion(cb, _sink, settings);
        Nodes.Await(() => _sink.Received.Values.Any(q => q.Any(x => x.Node == b.Address)), "entities moved to the joining node", TimeSpan.FromSeconds(30), ca, cb);
        var atMove = _sink.Total;
        Nodes.Await(() => _sink.Total > atMove + 20000, "traffic after the move", TimeSpan.FromSeconds(30), ca, cb);
        stop.Cancel();
        await Task.WhenAll(threads);

        var expected = sent.Sum() * perSender;
        Nodes.Await(() => _sink.Total >= expected, $"{expected} messages (got {_sink.Total})", TimeSpan.FromSeconds(30), ca, cb);
        for (var s = 0; s < senders; s++) Assert.Null(_sink.CheckExactlyOnceInOrder(owned[s], sent[s]));
        Assert.Equal(expected, _sink.Total);
        Assert.Contains(_sink.Starts.Values, q => q.Count > 1); // passivated entities started again
    }

    [Fact]
    public void An_entity_kept_busy_only_through_the_fast_path_is_not_passivated_as_idle()
    {
        var a = _nodes.System();
        var ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        var region = ShardingSpec.StartRegion(ca, _sink, ShardingSpec.Fast with { PassivateIdleEntityAfter = TimeSpan.FromSeconds(1) });
        region.Tell(new Hit("busy", 1));
        Nodes.Await(() => _sink.Total == 1, "the first message", TimeSpan.FromSeconds(30), ca);
        // Three idle timeouts of messages every 50 ms, all sent while the entity is known to run here (fast path).
        for (var seq = 2; seq <= 60; seq++)
        {
            region.Tell(new Hit("busy", seq));
            Thread.Sleep(50);
        }
        Nodes.Await(() => _sink.Total == 60, "60 messages", TimeSpan.FromSeconds(30), ca);
        Assert.Equal(1, _sink.StartsOf("busy"));
        Assert.Null(_sink.CheckExactlyOnceInOrder(["busy"], 60));
        // Idle afterwards: it is passivated.
        Nodes.Await(() => _sink.Stops.GetValueOrDefault("busy") == 1, "the idle entity stopped", TimeSpan.FromSeconds(30), ca);
    }

    [Fact]
    public void Messages_told_directly_and_through_the_region_to_a_new_entity_arrive_in_the_order_sent()
    {
        var a = _nodes.System();
        var ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        var region = ShardingSpec.StartRegion(ca, _sink);
        // The first messages of each entity take the slow path (not running yet), later ones the fast path as soon as
        // the slow ones are in the entity's mailbox: the switch must not let a later message overtake.
        var entities = Enumerable.Range(0, 200).Select(i => $"n{i}").ToArray();
        for (var seq = 1; seq <= 50; seq++)
            foreach (var e in entities) region.Tell(new Hit(e, seq));
        Nodes.Await(() => _sink.Total == 200 * 50, $"{200 * 50} messages (got {_sink.Total})", TimeSpan.FromSeconds(30), ca);
        Assert.Null(_sink.CheckExactlyOnceInOrder(entities, 50));
    }
    [Fact]
    public void Envelopes_reach_their_entities_unwrapped_exactly_once_and_in_order_on_both_paths()
    {
        var region = EnvelopeRegion(new ShardEnvelopeExtractor(30), out var ca);
        var entities = Enumerable.Range(0, 100).Select(i => $"v{i}").ToArray();
        // The first envelopes of each entity take the slow path, the later ones the fast path.
        for (var seq = 1; seq <= 30; seq++)
            foreach (var e in entities) region.Tell(new ShardEnvelope(e, new Hit(e, seq)));
        Nodes.Await(() => _sink.Total == 100 * 30, $"{100 * 30} messages (got {_sink.Total})", TimeSpan.FromSeconds(30), ca);
        Assert.Null(_sink.CheckExactlyOnceInOrder(entities, 30));
    }

    [Fact]
    public void An_extractor_that_rewrites_envelope_payloads_is_asked_on_the_fast_path_too()
    {
        var region = EnvelopeRegion(new NumberedEnvelopes(), out var ca);
        region.Tell(new ShardEnvelope("numbered", 1));
        Nodes.Await(() => _sink.Total == 1, "the first message (slow path: the entity starts)", TimeSpan.FromSeconds(30), ca);
        for (var seq = 2; seq <= 30; seq++) region.Tell(new ShardEnvelope("numbered", seq)); // fast path: it runs here
        Nodes.Await(() => _sink.Total == 30, $"30 rewritten messages (got {_sink.Total})", TimeSpan.FromSeconds(30), ca);
        Assert.Null(_sink.CheckExactlyOnceInOrder(["numbered"], 30));
    }

    [Fact]
    public void An_envelope_without_a_message_is_refused_with_a_clear_error()
    {
        var region = EnvelopeRegion(new ShardEnvelopeExtractor(30), out var ca);
        region.Tell(new ShardEnvelope("x", new Hit("x", 1)));
        Nodes.Await(() => _sink.Total == 1, "the first message", TimeSpan.FromSeconds(30), ca);
        var error = Assert.Throws<ArgumentException>(() => region.Tell(new ShardEnvelope("x", null!)));
        Assert.Contains("'x' has no message", error.Message);
        region.Tell(new ShardEnvelope("x", new Hit("x", 2)));
        Nodes.Await(() => _sink.Total == 2, "the next message", TimeSpan.FromSeconds(30), ca);
        Assert.Null(_sink.CheckExactlyOnceInOrder(["x"], 2));
    }

    private IActorRef EnvelopeRegion(IMessageExtractor extractor, out Cluster ca)
    {
        var a = _nodes.System();
        ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        return ClusterSharding.Get(a).Start("envelopes", id => Props.Create(() => new RecordingEntity(id, _sink)), ShardingSpec.Fast,
            extractor, null, StopEntity.Instance);
    }

    /// <summary>Envelopes carry bare sequence numbers; the entity receives them as <see cref="Hit"/>s.</summary>
    private sealed class NumberedEnvelopes() : HashCodeMessageExtractor(30)
    {
        public override string? EntityId(object message) => null; // only envelopes

        public override object EntityMessage(object message) =>
            message is ShardEnvelope { Message: int seq } e ? new Hit(e.EntityId, seq) : base.EntityMessage(message);
    }
}
