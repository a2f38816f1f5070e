using Kane.Actor;
using Kane.Pattern;
using Kane.Routing;

namespace Kane.Runtime.Tests.Routing;

public sealed class RouterSpec : TestKit.TestKit
{
    /// <summary>Replies with its own name so the test sees which routee got a message.</summary>
    private sealed class Named : ReceiveActor
    {
        public Named() => ReceiveAny(m => Sender.Tell((Self.Path.Name, m)));
    }

    private IReadOnlyList<IActorRef> RouteesOf(IActorRef router)
    {
        router.Tell(GetRoutees.Instance, TestActor);
        return ExpectMsg<Routees>().Members;
    }

    [Fact]
    public void A_round_robin_pool_sends_to_each_routee_in_turn()
    {
        var router = Sys.ActorOf(Props.Create<Named>().WithRouter(new RoundRobinPool(3)), "rr");
        Assert.Equal(3, RouteesOf(router).Count);
        for (var i = 0; i < 6; i++) router.Tell(i, TestActor);
        var names = ReceiveN(6).Cast<(string Name, object)>().Select(r => r.Name).ToList();
        Assert.Equal(3, names.Distinct().Count());
        Assert.All(names.GroupBy(n => n), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void A_random_pool_spreads_messages_over_its_routees()
    {
        var router = Sys.ActorOf(Props.Create<Named>().WithRouter(new RandomPool(4)));
        for (var i = 0; i < 200; i++) router.Tell(i, TestActor);
        var names = ReceiveN(200).Cast<(string Name, object)>().Select(r => r.Name).Distinct().Count();
        Assert.True(names >= 3, $"200 random picks hit only {names} of 4 routees");
    }

    [Fact]
    public void A_broadcast_pool_sends_every_message_to_all_routees()
    {
        var router = Sys.ActorOf(Props.Create<Named>().WithRouter(new BroadcastPool(3)));
        router.Tell("all", TestActor);
        Assert.Equal(3, ReceiveN(3).Cast<(string Name, object)>().Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void The_broadcast_message_reaches_every_routee_of_any_router()
    {
        var router = Sys.ActorOf(Props.Create<Named>().WithRouter(new RoundRobinPool(4)));
        router.Tell(new Broadcast("everyone"), TestActor);
        Assert.Equal(4, ReceiveN(4).Cast<(string Name, object)>().Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void A_smallest_mailbox_pool_prefers_idle_routees()
    {
        var gate = new ManualResetEventSlim();
        var router = Sys.ActorOf(Props.Create(() => new Blocking(gate)).WithRouter(new SmallestMailboxPool(2)));
        router.Tell("block", TestActor);
        ExpectMsg<string>();
        var busy = LastSender;
        // The other routee is idle (empty and not processing): it wins over the busy one whose queue is also empty.
        for (var i = 0; i < 3; i++)
        {
            router.Tell(i, TestActor);
            ExpectMsg(i);
            Assert.NotEqual(busy, LastSender);
        }
        gate.Set();
    }

    [Fact]
    public void A_consistent_hashing_pool_sends_equal_keys_to_the_same_routee()
    {
        var router = Sys.ActorOf(Props.Create<Named>().WithRouter(new ConsistentHashingPool(5, m => m is string s ? s.Split(':')[0] : null)));
        for (var round = 0; round < 3; round++)
            foreach (var key in new[] { "a", "b", "c", "d" })
                router.Tell($"{key}:{round}", TestActor);
        var byKey = ReceiveN(12).Cast<(string Name, object Message)>()
            .GroupBy(r => ((string)r.Message).Split(':')[0])
            .ToDictionary(g => g.Key, g => g.Select(r => r.Name).Distinct().Count());
        Assert.All(byKey.Values, routees => Assert.Equal(1, routees));
        router.Tell(new ConsistentHashableEnvelope("payload", "a"), TestActor);
        Assert.Equal("payload", ExpectMsg<(string Name, object Message)>().Message);
    }

    [Fact]
    public void Consistent_hashing_is_stable_and_moves_few_keys_when_a_routee_leaves()
    {
        var routees = Enumerable.Range(0, 5).Select(i => (IActorRef)new FakeRef($"r{i}")).ToList();
        var logic = new ConsistentHashingRoutingLogic(m => m);
        var before = Enumerable.Range(0, 1000).ToDictionary(k => k, k => logic.Select(k.ToString(), routees)!);
        var again = new ConsistentHashingRoutingLogic(m => m);
        Assert.All(before, kv => Assert.Equal(kv.Value, again.Select(kv.Key.ToString(), routees)));
        var fewer = routees.Take(4).ToList();
        var moved = before.Count(kv => !kv.Value.Equals(logic.Select(kv.Key.ToString(), fewer)) && !kv.Value.Equals(routees[4]));
        Assert.Equal(0, moved);
        Assert.Equal(0x248bfa47u, ConsistentHashingRoutingLogic.Murmur3("hello"u8));
    }

    [Fact]
    public void A_group_routes_to_existing_actors_by_path()
    {
        foreach (var n in new[] { "g1", "g2" }) Sys.ActorOf(Props.Create<Named>(), n);
        var router = Sys.ActorOf(Props.Empty.WithRouter(new RoundRobinGroup(["/user/g1", "/user/g2"])));
        AwaitCondition(() => RouteesOf(router).Count == 2);
        router.Tell("x", TestActor);
        router.Tell("y", TestActor);
        Assert.Equal(["g1", "g2"], ReceiveN(2).Cast<(string Name, object)>().Select(r => r.Name).Order());
    }

    [Fact]
    public void Broadcast_random_and_consistent_hashing_groups_route_to_their_paths()
    {
        foreach (var n in new[] { "h1", "h2", "h3" }) Sys.ActorOf(Props.Create<Named>(), n);
        string[] paths = ["/user/h1", "/user/h2", "/user/h3"];
        var broadcast = Sys.ActorOf(Props.Empty.WithRouter(new BroadcastGroup(paths)));
        var random = Sys.ActorOf(Props.Empty.WithRouter(new RandomGroup(paths)));
        var hashing = Sys.ActorOf(Props.Empty.WithRouter(new ConsistentHashingGroup(paths, m => m)));
        foreach (var router in new[] { broadcast, random, hashing }) AwaitCondition(() => RouteesOf(router).Count == 3);
        broadcast.Tell("all", TestActor);
        Assert.Equal(["h1", "h2", "h3"], ReceiveN(3).Cast<(string Name, object)>().Select(r => r.Name).Order());
        random.Tell("one", TestActor);
        Assert.Contains(ExpectMsg<(string Name, object Message)>().Name, new[] { "h1", "h2", "h3" });
        hashing.Tell("key-1", TestActor);
        var first = ExpectMsg<(string Name, object Message)>().Name;
        hashing.Tell("key-1", TestActor);
        Assert.Equal(first, ExpectMsg<(string Name, object Message)>().Name);
    }

    [Fact]
    public async Task A_pool_removes_stopped_routees_and_stops_when_none_is_left()
    {
        var router = Sys.ActorOf(Props.Create<Named>().WithRouter(new RoundRobinPool(2)));
        var routees = RouteesOf(router);
        Watch(router);
        await routees[0].GracefulStop(TimeSpan.FromSeconds(3));
        AwaitCondition(() => RouteesOf(router).Count == 1);
        await routees[1].GracefulStop(TimeSpan.FromSeconds(3));
        ExpectTerminated(router);
    }

    [Fact]
    public void Round_robin_logic_cycles_deterministically()
    {
        var routees = Enumerable.Range(0, 3).Select(i => (IActorRef)new FakeRef($"r{i}")).ToList();
        var logic = new RoundRobinRoutingLogic();
        Assert.Equal(["r0", "r1", "r2", "r0"], Enumerable.Range(0, 4).Select(_ => logic.Select("m", routees)!.Path.Name));
        Assert.Null(logic.Select("m", []));
    }

    private sealed class Blocking : ReceiveActor
    {
        public Blocking(ManualResetEventSlim gate)
        {
            Receive<string>(s => s == "block", _ =>
            {
                Sender.Tell("blocking");
                gate.Wait(TimeSpan.FromSeconds(10));
            });
            ReceiveAny(m => Sender.Tell(m));
        }
    }

    private sealed class FakeRef(string name) : ActorRefBase
    {
        public override ActorPath Path { get; } = ActorPath.Root(Address.Local("fake")) / "user" / name;

        public override void Tell(object message, IActorRef? sender) { }
    }
}
