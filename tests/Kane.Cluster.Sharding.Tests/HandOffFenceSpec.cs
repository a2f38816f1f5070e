using Kane.Actor;
using Kane.Remote;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>
/// The hand-off fence: a sender region's messages still on a slow link to the old home must reach the entity before
/// the messages it buffered after BeginHandOff (which go to the new home). Without the fence the acknowledgement
/// takes a fast link to the coordinator and the hand-off overtakes them.
/// </summary>
public sealed class HandOffFenceSpec : IDisposable
{
    private readonly Nodes _nodes = new();
    private readonly EntitySink _sink = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public async Task Messages_on_a_slow_link_to_the_old_home_arrive_before_those_sent_after_the_hand_off_began()
    {
        // Slow links must not look dead: no downing, and a long acceptable pause.
        var settings = Nodes.Fast(sbr: false) with
        {
            FailureDetector = Nodes.Fast().FailureDetector with { AcceptableHeartbeatPause = TimeSpan.FromSeconds(20) },
        };
        var (a, b, d) = _nodes.Three(settings);
        var all = new[] { a, b, d };
        var regions = all.Select(x => ShardingSpec.StartRegion(x, _sink)).ToArray();
        await ShardingSpec.AwaitRegions(regions[0], 3);
        var oldest = a.State.Members.OrderBy(m => m, MemberAgeOrdering.Instance).First().Address;
        var (sender, slowTo) = all.Where(x => x.SelfAddress != oldest).ToArray() is [var s, var t] ? (s, t) : throw new InvalidOperationException();
        var region = ClusterSharding.Get(sender.System).ShardRegion("hits");
        var entities = Enumerable.Range(0, 60).Select(i => $"f{i}").ToArray();
        foreach (var e in entities) region.Tell(new Hit(e, 1));
        Nodes.Await(() => _sink.Total == 60, "60 first messages", TimeSpan.FromSeconds(20), all);
        var onSlow = _sink.Starts.Where(kv => kv.Value.Contains(slowTo.SelfAddress)).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(onSlow);

        // The sender's link to the owner of a third of the shards now lags behind by a second or more.
        sender.System.Transport().Links.Throttle(slowTo.SelfAddress, 40_000);
        var c = _nodes.System();
        var cc = _nodes.Start(c, settings, a.SelfAddress);
        var seq = 1;
        var feeding = Task.Run(() =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((seq < 60 || !onSlow.Any(e => _sink.Received[e].Any(x => x.Node == c.Address))) && DateTime.UtcNow < deadline)
            {
                seq++;
                foreach (var e in entities) region.Tell(new Hit(e, seq));
                Thread.Sleep(20);
            }
        });
        Nodes.AwaitUp(4, a, b, d, cc);
        ShardingSpec.StartRegion(cc, _sink);
        await feeding;
        sender.System.Transport().Links.PassThrough(slowTo.SelfAddress, outbound: true, inbound: false);

        Nodes.Await(() => _sink.Total >= 60 * seq, $"{60 * seq} messages (got {_sink.Total})", TimeSpan.FromSeconds(30), a, b, d, cc);
        Assert.Null(_sink.CheckExactlyOnceInOrder(entities, seq));
        Assert.Contains(onSlow, e => _sink.Received[e].Any(x => x.Node == c.Address));
    }
}
