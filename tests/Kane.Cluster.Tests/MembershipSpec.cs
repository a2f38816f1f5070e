using Kane.Actor;
using Kane.TestKit;

namespace Kane.Cluster.Tests;

/// <summary>Whole clusters in one process over real TCP: join, leave, crash, rejoin.</summary>
public sealed class MembershipSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public void Three_nodes_join_through_the_first_seed_and_converge_on_one_leader()
    {
        var (a, b, c) = _nodes.Three();
        Assert.All(new[] { a, b, c }, n => Assert.Equal(a.State.Leader, n.State.Leader));
        var lowest = new[] { a, b, c }.Select(n => n.SelfAddress).OrderBy(x => x, AddressOrdering.Instance).First();
        Assert.Equal(lowest, a.State.Leader);
        Assert.Equal([1, 2, 3], a.State.Members.Select(m => m.UpNumber).Order());
        Assert.True(a.WhenUp.IsCompleted && b.WhenUp.IsCompleted && c.WhenUp.IsCompleted);
    }

    [Fact]
    public void A_node_that_is_not_the_first_seed_never_forms_a_cluster_by_itself()
    {
        var first = _nodes.System();
        var second = _nodes.System();
        // The first seed is not running a cluster: the second must keep waiting instead of joining itself.
        var c2 = _nodes.Start(second, Nodes.Fast(), first.Address, second.Address);
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        Assert.Empty(c2.State.Members);
        var c1 = _nodes.Start(first, Nodes.Fast(), first.Address, second.Address);
        Nodes.AwaitUp(2, c1, c2);
    }

    [Fact]
    public async Task When_the_leader_leaves_the_leadership_moves_and_the_leaver_is_removed()
    {
        var (a, b, c) = _nodes.Three();
        var leader = new[] { a, b, c }.Single(n => n.State.Leader == n.SelfAddress);
        var others = new[] { a, b, c }.Where(n => n != leader).ToArray();
        leader.Leave(leader.SelfAddress);
        Nodes.Await(() => others.All(o => o.State.Members.Count == 2 && o.State.Leader != leader.SelfAddress && o.State.Leader is not null),
            "the leaver removed and a new leader", TimeSpan.FromSeconds(20), others);
        await leader.WhenRemoved.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(others.Select(o => o.SelfAddress).OrderBy(x => x, AddressOrdering.Instance).First(), others[0].State.Leader);
    }

    [Fact]
    public void A_crashed_node_becomes_unreachable_is_downed_by_keep_majority_and_removed()
    {
        var (a, b, c) = _nodes.Three();
        Nodes.Crash(c.System);
        var survivors = new[] { a, b };
        Nodes.Await(() => survivors.All(s => s.State.Members.Count == 2 && s.State.Members.All(m => m.Status == MemberStatus.Up) && s.State.Unreachable.IsEmpty),
            "the crashed node removed and the other two Up", TimeSpan.FromSeconds(20), survivors);
    }

    [Fact]
    public void A_crashed_node_whose_address_refuses_connections_is_unreachable_long_before_its_heartbeats_would_say_so()
    {
        // With a minute of acceptable heartbeat pause, only the refused connection can make c unreachable in time.
        var settings = Nodes.Fast(sbr: false) with { FailureDetector = Nodes.Fast().FailureDetector with { AcceptableHeartbeatPause = TimeSpan.FromSeconds(60) } };
        var (a, b, c) = _nodes.Three(settings);
        Nodes.Crash(c.System);
        Nodes.Await(() => a.State.Unreachable.Any(m => m.Address == c.SelfAddress) && b.State.Unreachable.Any(m => m.Address == c.SelfAddress),
            "c unreachable from a refused connection", TimeSpan.FromSeconds(10), a, b);
    }

    [Fact]
    public void Without_a_downing_provider_an_unreachable_node_stays_a_member_and_blocks_convergence()
    {
        var (a, b, c) = _nodes.Three(Nodes.Fast(sbr: false));
        Nodes.Crash(c.System);
        Nodes.Await(() => a.State.Unreachable.Any(m => m.Address == c.SelfAddress), "c unreachable", TimeSpan.FromSeconds(10), a, b);
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        Assert.Contains(a.State.Members, m => m.Address == c.SelfAddress && m.Status == MemberStatus.Up);
        a.Down(c.SelfAddress);
        Nodes.Await(() => a.State.Members.Count == 2 && b.State.Members.Count == 2, "c removed after a manual down", TimeSpan.FromSeconds(10), a, b);
    }

    [Fact]
    public void A_restarted_node_rejoins_under_a_new_incarnation_and_the_old_one_is_removed()
    {
        var (a, b, c) = _nodes.Three(Nodes.Fast(sbr: false));
        var port = c.SelfAddress.Port!.Value;
        var oldUid = c.SelfUniqueAddress.Uid;
        Nodes.Crash(c.System);
        _ = c.System.Terminate(); // a crashed node cannot leave; its shutdown runs on in the background
        var restarted = _nodes.System(port);
        var c2 = _nodes.Start(restarted, Nodes.Fast(sbr: false), a.SelfAddress);
        Assert.NotEqual(oldUid, c2.SelfUniqueAddress.Uid);
        Nodes.Await(() => new[] { a, b, c2 }.All(n => n.State.Members.Count == 3 && n.State.Members.All(m => m.Status == MemberStatus.Up)
                && n.State.Members.Any(m => m.UniqueAddress == c2.SelfUniqueAddress)),
            "the new incarnation Up everywhere and the old one gone", TimeSpan.FromSeconds(30), a, b, c2);
        Assert.DoesNotContain(a.State.Members, m => m.UniqueAddress.Uid == oldUid);
    }

    [Fact]
    public void Subscribers_get_the_current_state_then_membership_events()
    {
        var a = _nodes.System();
        var ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        var probe = new TestProbe(a, "events");
        ca.Subscribe(probe.Ref, InitialStateMode.AsSnapshot, typeof(MemberEvent), typeof(LeaderChanged));
        var snapshot = probe.ExpectMsg<CurrentClusterState>();
        Assert.Single(snapshot.Members);
        var b = _nodes.System();
        var cb = _nodes.Start(b, Nodes.Fast(), a.Address);
        var joined = probe.FishForMessage<MemberEvent>(e => e is MemberUp up && up.Member.Address == b.Address, TimeSpan.FromSeconds(10));
        Assert.Equal(MemberStatus.Up, joined.Member.Status);
        cb.Leave(b.Address);
        probe.FishForMessage<MemberEvent>(e => e is MemberRemoved r && r.Member.Address == b.Address && r.PreviousStatus == MemberStatus.Exiting, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Every_member_exposes_the_load_reports_of_the_others()
    {
        var (a, b, c) = _nodes.Three();
        c.SetQueueLengthProvider(() => 42);
        Nodes.Await(() => a.LoadReports.TryGetValue(c.SelfUniqueAddress, out var load) && load.QueueLength == 42,
            "c's queue length reported to a", TimeSpan.FromSeconds(10), a);
        var report = a.LoadReports[c.SelfUniqueAddress];
        Assert.InRange(report.Score, 0, 1);
        Assert.True(report.ProcessMemoryBytes > 0);
        Assert.Contains(b.SelfUniqueAddress, a.LoadReports.Keys);
    }

    [Fact]
    public void A_malformed_message_from_the_wire_is_dropped_and_the_node_keeps_its_membership()
    {
        var a = _nodes.System();
        var ca = _nodes.Start(a, Nodes.Fast(), a.Address);
        Nodes.AwaitUp(1, ca);
        var probe = new TestProbe(a, "events");
        ca.Subscribe(probe.Ref, InitialStateMode.AsSnapshot, typeof(MemberEvent));
        probe.ExpectMsg<CurrentClusterState>();
        ca.Daemon.Tell(new Internal.InitJoinAck("not an address"));
        ca.Daemon.Tell(new Internal.GossipStatus(new Internal.WireNode("garbage", 1), [], []));
        var b = _nodes.System();
        _nodes.Start(b, Nodes.Fast(), a.Address);
        // A restarted daemon would start from an empty gossip and announce this node as joining again.
        var first = probe.ExpectMsg<MemberEvent>(TimeSpan.FromSeconds(10));
        Assert.Equal(b.Address, first.Member.Address);
        probe.FishForMessage<MemberEvent>(e => e is MemberUp up && up.Member.Address == b.Address, TimeSpan.FromSeconds(10));
        Assert.Equal(1, ca.SelfMember.UpNumber);
    }
}
