using Kane.Actor;
using Kane.Cluster.PubSub;
using Kane.Cluster.PubSub.Internal;
using Kane.Pattern;
using Kane.TestKit;

namespace Kane.Cluster.Tests;

/// <summary>Distributed pub-sub on three in-process nodes over TCP.</summary>
public sealed class PubSubSpec : IDisposable
{
    private static readonly DistributedPubSubSettings Fast = DistributedPubSubSettings.Default with { GossipInterval = TimeSpan.FromMilliseconds(100) };
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    private (Cluster[] Clusters, IActorRef[] Mediators, TestProbe[] Probes) Three()
    {
        var (a, b, c) = _nodes.Three();
        Cluster[] clusters = [a, b, c];
        ToolsRegistry.Register(a.System, b.System, c.System);
        return (clusters, [.. clusters.Select(n => DistributedPubSub.Start(n.System, Fast).Mediator)],
            [.. clusters.Select(n => new TestProbe(n.System, "probe"))]);
    }

    private static void AwaitCount(IActorRef[] mediators, string key, int count, Cluster[] clusters) =>
        Nodes.Await(() => mediators.All(m => m.Ask<int>(new CountEntries(key), TimeSpan.FromSeconds(3)).GetAwaiter().GetResult() == count),
            $"{count} registrations of {key} on every mediator", TimeSpan.FromSeconds(15), clusters);

    private static void Subscribe(IActorRef mediator, TestProbe probe, string topic, IActorRef? subscriber = null)
    {
        var subscribe = new Subscribe(topic, subscriber ?? probe.Ref);
        probe.Send(mediator, subscribe);
        Assert.Equal(subscribe, probe.ExpectMsg<SubscribeAck>().Subscribe);
    }

    [Fact]
    public async Task Publish_reaches_subscribers_on_every_node_until_they_unsubscribe_or_terminate()
    {
        var (clusters, mediators, probes) = Three();
        var forwarder = clusters[2].System.ActorOf(Props.Create(() => new ForwardTo(probes[2].Ref)), "subscriber");
        Subscribe(mediators[0], probes[0], "news");
        Subscribe(mediators[1], probes[1], "news");
        Subscribe(mediators[2], probes[2], "news", forwarder);
        AwaitCount(mediators, "topic:news", 3, clusters);
        Assert.Contains("news", (await mediators[1].Ask<CurrentTopics>(GetTopics.Instance)).Topics);

        mediators[0].Tell(new Publish("news", new Note("one")));
        foreach (var p in probes) Assert.Equal(new Note("one"), p.ExpectMsg<Note>());

        var unsubscribe = new Unsubscribe("news", probes[1].Ref);
        probes[1].Send(mediators[1], unsubscribe);
        Assert.Equal(unsubscribe, probes[1].ExpectMsg<UnsubscribeAck>().Unsubscribe);
        clusters[2].System.Stop(forwarder);
        AwaitCount(mediators, "topic:news", 1, clusters);
        mediators[2].Tell(new Publish("news", new Note("two")));
        Assert.Equal(new Note("two"), probes[0].ExpectMsg<Note>());
        probes[1].ExpectNoMsg(Quiet);
        probes[2].ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Send_reaches_exactly_one_registered_actor_and_SendToAll_reaches_every_one()
    {
        var (clusters, mediators, probes) = Three();
        PutWorkers(clusters, mediators, probes);
        AwaitCount(mediators, "/user/worker", 3, clusters);

        mediators[1].Tell(new Send("/user/worker", new Note("to one")));
        var got = WhoGot(probes, new Note("to one"));
        Assert.Single(got);

        mediators[1].Tell(new Send("/user/worker", new Note("local"), LocalAffinity: true));
        Assert.Equal([1], WhoGot(probes, new Note("local")));

        mediators[0].Tell(new SendToAll("/user/worker", new Note("to all")));
        Assert.Equal([0, 1, 2], WhoGot(probes, new Note("to all")));
    }

    [Fact]
    public void The_registrations_of_a_removed_member_are_pruned()
    {
        var (clusters, mediators, probes) = Three();
        PutWorkers(clusters, mediators, probes);
        AwaitCount(mediators, "/user/worker", 3, clusters);
        var leaver = clusters[2];
        leaver.Leave(leaver.SelfAddress);
        Cluster[] stay = [clusters[0], clusters[1]];
        Nodes.Await(() => stay.All(s => s.State.Members.Count == 2), "the leaver removed", TimeSpan.FromSeconds(20), stay);
        AwaitCount(mediators[..2], "/user/worker", 2, stay);
        mediators[0].Tell(new SendToAll("/user/worker", new Note("after")));
        Assert.Equal([0, 1], WhoGot(probes[..2], new Note("after")));
    }

    private static void PutWorkers(Cluster[] clusters, IActorRef[] mediators, TestProbe[] probes)
    {
        for (var i = 0; i < 3; i++)
        {
            var probe = probes[i].Ref;
            mediators[i].Tell(new Put(clusters[i].System.ActorOf(Props.Create(() => new ForwardTo(probe)), "worker")));
        }
    }

    /// <summary>Which probes got <paramref name="note"/> (waiting briefly on the others so a stray copy would show).</summary>
    private static List<int> WhoGot(TestProbe[] probes, Note note)
    {
        var got = new List<int>();
        Nodes.Await(() => probes.Any(p => p.PendingCount > 0), "a delivery", TimeSpan.FromSeconds(5));
        Thread.Sleep(Quiet);
        for (var i = 0; i < probes.Length; i++)
        {
            while (probes[i].PendingCount > 0)
                if (probes[i].ExpectMsg<Note>().Equals(note)) got.Add(i);
        }
        return got;
    }
}
