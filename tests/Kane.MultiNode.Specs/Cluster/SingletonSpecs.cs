using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Kane.Actor;
using Kane.Cluster;
using Kane.Cluster.Singleton;

namespace Kane.MultiNode.Specs.Cluster;

/// <summary>A number of the stream sent through the proxy.</summary>
public sealed record Numbered(int N);

/// <summary>The singleton on <see cref="Node"/> received <see cref="N"/>.</summary>
public sealed record SeenBy(int N, string Node);

[JsonSerializable(typeof(Numbered))]
[JsonSerializable(typeof(SeenBy))]
public sealed partial class SingletonSpecJson : JsonSerializerContext;

public sealed record StopSingleton;

/// <summary>The singleton: reports every number it receives to the collector on the sending node.</summary>
public sealed class ReportingSingleton : ReceiveActor
{
    public ReportingSingleton(string collectorPath)
    {
        var collector = Context.System.ActorSelection(collectorPath);
        var node = Context.System.Address.ToString();
        Receive<Numbered>(n => collector.Tell(new SeenBy(n.N, node), Self));
        Receive<StopSingleton>(_ => Context.Stop(Self));
    }
}

/// <summary>Collects what the singletons saw, in arrival order.</summary>
public sealed class Collector : ReceiveActor
{
    public Collector(ConcurrentQueue<SeenBy> seen) => Receive<SeenBy>(seen.Enqueue);
}

public sealed class SingletonClusterConfig : ThreeNodeClusterConfig
{
    public SingletonClusterConfig(bool splitBrainResolver) : base(splitBrainResolver) =>
        CommonConfig += """

            kane.remote.serialization {
              json-contexts = ["Kane.MultiNode.Specs.Cluster.SingletonSpecJson, Kane.MultiNode.Specs"]
              bindings {
                "spec.numbered" = "Kane.MultiNode.Specs.Cluster.Numbered, Kane.MultiNode.Specs"
                "spec.seen-by" = "Kane.MultiNode.Specs.Cluster.SeenBy, Kane.MultiNode.Specs"
              }
            }
            kane.cluster.singleton.hand-over-retry-interval = 200ms
            kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
            """;
}

/// <summary>Starts the singleton manager on every node and a proxy plus a collector on the third.</summary>
public abstract class SingletonSpecBase(bool splitBrainResolver) : MultiNodeClusterSpec(new SingletonClusterConfig(splitBrainResolver))
{
    protected ConcurrentQueue<SeenBy> Seen { get; } = new();

    protected IActorRef? Proxy { get; private set; }

    protected async Task StartSingletons()
    {
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        var collectorPath = GetAddress(Config.Third) + "/user/collector";
        RunOn(() => Sys.ActorOf(Props.Create(() => new Collector(Seen)), "collector"), Config.Third);
        EnterBarrier("collector-started");
        Sys.ActorOf(ClusterSingletonManager.Props(Props.Create(() => new ReportingSingleton(collectorPath)), new StopSingleton(),
            ClusterSingletonSettings.FromConfig(Sys.Settings.Config)), "singleton");
        RunOn(() => Proxy = Sys.ActorOf(ClusterSingletonProxy.Props("/user/singleton", ClusterSingletonProxySettings.FromConfig(Sys.Settings.Config)), "proxy"), Config.Third);
        await RunOnAsync(async () =>
        {
            Proxy!.Tell(new Numbered(1));
            await AwaitAsync(() => Seen.Count == 1, "the first number at the singleton");
            Assert.Equal(GetAddress(Config.First).ToString(), Seen.Single().Node); // the oldest runs it
        }, Config.Third);
        EnterBarrier("singleton-running");
    }
}

/// <summary>Planned hand-over: the oldest leaves while a numbered stream flows through the proxy; nothing is lost.</summary>
public sealed class SingletonHandOverSpec() : SingletonSpecBase(splitBrainResolver: false)
{
    protected override async Task RunAsync()
    {
        await StartSingletons();
        var first = GetAddress(Config.First).ToString();
        await RunOnAsync(async () =>
        {
            Cluster.Leave(Cluster.SelfAddress);
            await Cluster.WhenRemoved.WaitAsync(Wait);
        }, Config.First);
        await RunOnAsync(async () =>
        {
            var sent = 1;
            var deadline = DateTime.UtcNow + Wait;
            // Stream until the new singleton has answered, then a little more.
            while (!Seen.Any(s => s.Node != first) && DateTime.UtcNow < deadline)
            {
                Proxy!.Tell(new Numbered(++sent));
                await Task.Delay(2);
            }
            for (var i = 0; i < 50; i++) Proxy!.Tell(new Numbered(++sent));
            await AwaitAsync(() => Seen.Count >= sent, $"all {sent} numbers seen by a singleton");
            var numbers = Seen.Select(s => s.N).ToList();
            Assert.Equal(Enumerable.Range(1, sent), numbers.Order());                                  // each exactly once
            var byOld = Seen.Where(s => s.Node == first).Select(s => s.N).ToList();
            var byNew = Seen.Where(s => s.Node != first).Select(s => s.N).ToList();
            Assert.Single(byNew.Count == 0 ? [] : Seen.Where(s => s.Node != first).Select(s => s.Node).Distinct());
            Assert.Equal(byOld.Order(), byOld);                                                       // in order on each
            Assert.Equal(byNew.Order(), byNew);
            Assert.True(byOld.Max() < byNew.Min(), "the new singleton got only what came after the old one's last");
        }, Config.Third);
        EnterBarrier("handed-over");
    }
}

/// <summary>The oldest is SIGKILLed: after it is downed and removed (and the margin), the next oldest runs the singleton.</summary>
public sealed class SingletonCrashSpec() : SingletonSpecBase(splitBrainResolver: true)
{
    protected override async Task RunAsync()
    {
        await StartSingletons();
        await RunOnAsync(() => TestConductor.Kill(Config.First), Config.Third);
        await RunOnAsync(async () =>
        {
            var first = GetAddress(Config.First);
            await AwaitAsync(() => Cluster.State.Members.All(m => m.Address != first), "first downed and removed");
            var nextOldest = Cluster.State.Members.OrderBy(m => m, MemberAgeOrdering.Instance).First().Address.ToString();
            Proxy!.Tell(new Numbered(2));
            await AwaitAsync(() => Seen.Any(s => s.N == 2), "number 2 seen by the new singleton");
            Assert.Equal(nextOldest, Seen.Single(s => s.N == 2).Node);
        }, Config.Third);
        EnterBarrier("taken-over");
    }
}

public sealed class SingletonSpecs
{
    [Fact]
    public async Task On_a_planned_leave_the_singleton_moves_to_the_next_oldest_and_no_message_through_the_proxy_is_lost() =>
        await MultiNodeRunner.RunAsync<SingletonHandOverSpec>();

    [Fact]
    public async Task When_the_oldest_is_SIGKILLed_the_singleton_moves_to_the_next_oldest() =>
        await MultiNodeRunner.RunAsync<SingletonCrashSpec>();
}
