using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class ClusterEventDiffSpec
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3);

    private static IReadOnlyList<IClusterDomainEvent> Diff(GossipState before, GossipState after) =>
        ClusterEventDiff.Diff(before.State(A), after.State(A));

    [Fact]
    public void No_change_gives_no_events()
    {
        var g = GossipOf(Member(1), Member(2));

        Assert.Empty(Diff(g, g));
    }

    [Theory]
    [InlineData(MemberStatus.Joining, typeof(MemberJoined))]
    [InlineData(MemberStatus.WeaklyUp, typeof(MemberWeaklyUp))]
    [InlineData(MemberStatus.Up, typeof(MemberUp))]
    public void A_new_member_is_announced_with_the_event_of_its_status(MemberStatus status, Type expected)
    {
        var events = Diff(GossipOf(Member(1)), GossipOf(Member(1), Member(2, status)));

        var e = Assert.Single(events);
        Assert.IsType(expected, e);
        Assert.Equal(B, ((MemberEvent)e).Member.UniqueAddress);
    }

    [Theory]
    [InlineData(MemberStatus.Joining, MemberStatus.Up, typeof(MemberUp))]
    [InlineData(MemberStatus.Up, MemberStatus.Leaving, typeof(MemberLeft))]
    [InlineData(MemberStatus.Leaving, MemberStatus.Exiting, typeof(MemberExited))]
    [InlineData(MemberStatus.Up, MemberStatus.Down, typeof(MemberDowned))]
    public void A_status_change_gives_the_event_of_the_new_status(MemberStatus from, MemberStatus to, Type expected)
    {
        var events = Diff(GossipOf(Member(1), Member(2, from)), GossipOf(Member(1), Member(2, to)));

        Assert.IsType(expected, Assert.Single(events));
    }

    [Theory]
    [InlineData(MemberStatus.Exiting)]
    [InlineData(MemberStatus.Down)]
    public void A_member_that_disappears_is_removed_with_its_previous_status(MemberStatus previous)
    {
        var events = Diff(GossipOf(Member(1), Member(2, previous)), GossipOf(Member(1)));

        var removed = Assert.IsType<MemberRemoved>(Assert.Single(events));
        Assert.Equal(previous, removed.PreviousStatus);
        Assert.Equal(MemberStatus.Removed, removed.Member.Status);
        Assert.Equal(B, removed.Member.UniqueAddress);
    }

    [Fact]
    public void A_member_turning_unreachable_and_back_gives_Unreachable_then_Reachable()
    {
        var healthy = GossipOf(Member(1), Member(2), Member(3));
        var broken = healthy.WithUnreachable(B, C);
        var healed = broken with { Reachability = broken.Reachability.Reachable(B, C) };

        Assert.Equal(C, Assert.IsType<UnreachableMember>(Assert.Single(Diff(healthy, broken))).Member.UniqueAddress);
        Assert.Equal(C, Assert.IsType<ReachableMember>(Assert.Single(Diff(broken, healed))).Member.UniqueAddress);
    }

    [Fact]
    public void An_unreachable_member_that_is_removed_gives_no_Reachable_event()
    {
        var broken = GossipOf(Member(1), Member(2), Member(3, MemberStatus.Down)).WithUnreachable(A, C);
        var removed = broken.Remove(C, 0);

        Assert.IsType<MemberRemoved>(Assert.Single(Diff(broken, removed)));
    }

    [Fact]
    public void A_new_leader_is_announced()
    {
        var before = GossipOf(Member(1), Member(2), Member(3));
        var after = before.WithUnreachable(B, A);

        var events = ClusterEventDiff.Diff(before.State(B), after.State(B));

        Assert.Contains(events, e => e is LeaderChanged { Leader: var l } && l == B.Address);
    }

    [Fact]
    public void Role_leader_changes_are_announced_per_role()
    {
        var before = GossipOf(Member(1, roles: "web"), Member(2, roles: "web"), Member(3, roles: "db"));
        var after = GossipOf(Member(1, MemberStatus.Down, roles: "web"), Member(2, roles: "web"), Member(3, roles: "db"));

        var changes = Diff(before, after).OfType<RoleLeaderChanged>().ToList();

        var web = Assert.Single(changes);
        Assert.Equal("web", web.Role);
        Assert.Equal(B.Address, web.Leader);
    }

    [Fact]
    public void Initial_events_build_the_current_state_from_nothing()
    {
        var g = GossipOf(Member(1, roles: "web"), Member(2, MemberStatus.Joining), Member(3, MemberStatus.Leaving)).WithUnreachable(A, C);

        var events = ClusterEventDiff.InitialEvents(g.State(A));

        Assert.Contains(events, e => e is MemberUp { Member.Address.Port: 1 });
        Assert.Contains(events, e => e is MemberJoined { Member.Address.Port: 2 });
        Assert.Contains(events, e => e is MemberLeft { Member.Address.Port: 3 });
        Assert.Contains(events, e => e is UnreachableMember { Member.Address.Port: 3 });
        Assert.Contains(events, e => e is LeaderChanged { Leader.Port: 1 });
        Assert.Contains(events, e => e is RoleLeaderChanged { Role: "web", Leader.Port: 1 });
        Assert.DoesNotContain(events, e => e is MemberRemoved or ReachableMember);
    }

    [Fact]
    public void The_snapshot_lists_members_unreachable_seen_leader_and_role_leaders()
    {
        var g = GossipOf(Member(1), Member(2, roles: "db"), Member(3, roles: "db")).MarkSeen(A).MarkSeen(B).WithUnreachable(A, B);

        var snapshot = ClusterEventDiff.Snapshot(g.State(A));

        Assert.Equal(3, snapshot.Members.Count);
        Assert.Equal([B], snapshot.Unreachable.Select(m => m.UniqueAddress));
        Assert.Equal([A.Address, B.Address], snapshot.SeenBy.OrderBy(a => a.Port));
        Assert.Equal(A.Address, snapshot.Leader);
        Assert.Equal(C.Address, snapshot.RoleLeader("db"));
        Assert.Null(snapshot.RoleLeader("nobody"));
    }
}
