using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class LeaderActionsSpec
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3);

    private static LeaderActionResult Act(GossipState g, int minNr = 1, IReadOnlyDictionary<string, int>? perRole = null,
        IReadOnlySet<UniqueAddress>? confirmed = null, UniqueAddress? self = null) =>
        LeaderActions.OnConvergence(g.State(self ?? A), minNr, perRole ?? NoRoleMinimums, confirmed ?? NoneConfirmed, nowMs: 42);

    [Fact]
    public void Joining_and_WeaklyUp_members_move_to_Up_with_increasing_up_numbers_after_the_youngest()
    {
        var g = GossipOf(Member(1, upNumber: 1), Member(2, upNumber: 2), Member(3, MemberStatus.Joining), Member(4, MemberStatus.WeaklyUp)).SeenByAll();

        var result = Act(g).Gossip!;

        Assert.Equal(MemberStatus.Up, result.Member(C)!.Status);
        Assert.Equal(MemberStatus.Up, result.Member(Node(4))!.Status);
        Assert.Equal([3, 4], new[] { result.Member(C)!.UpNumber, result.Member(Node(4))!.UpNumber });
        Assert.Equal(1, result.Member(A)!.UpNumber);
    }

    [Fact]
    public void The_first_member_of_a_new_cluster_gets_up_number_one()
    {
        var result = Act(GossipOf(Member(1, MemberStatus.Joining)).SeenByAll()).Gossip!;

        Assert.Equal(1, result.Member(A)!.UpNumber);
    }

    [Fact]
    public void A_changed_gossip_is_a_new_version_seen_only_by_the_leader()
    {
        var g = GossipOf(Member(1), Member(2, MemberStatus.Joining)).SeenByAll();

        var result = Act(g).Gossip!;

        Assert.Equal(ClockOrdering.After, result.Version.CompareTo(g.Version));
        Assert.Equal([A], result.Seen);
    }

    [Fact]
    public void Nothing_to_do_gives_no_new_gossip()
    {
        var result = Act(GossipOf(Member(1), Member(2)).SeenByAll());

        Assert.Null(result.Gossip);
        Assert.Empty(result.Removed);
        Assert.Empty(result.Exiting);
    }

    [Fact]
    public void Joiners_wait_until_min_nr_of_members_are_there()
    {
        var two = GossipOf(Member(1, MemberStatus.Joining), Member(2, MemberStatus.Joining)).SeenByAll();

        Assert.Null(Act(two, minNr: 3).Gossip);

        var three = two.Update(Member(3, MemberStatus.Joining));
        var result = Act(three, minNr: 3).Gossip!;
        Assert.All(result.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
    }

    [Fact]
    public void Joiners_wait_until_every_per_role_minimum_is_met()
    {
        var perRole = new Dictionary<string, int> { ["worker"] = 2 };
        var g = GossipOf(Member(1, MemberStatus.Joining, roles: "web"), Member(2, MemberStatus.Joining, roles: "worker")).SeenByAll();

        Assert.Null(Act(g, perRole: perRole).Gossip);

        var result = Act(g.Update(Member(3, MemberStatus.Joining, roles: "worker")), perRole: perRole).Gossip!;
        Assert.All(result.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
    }

    [Fact]
    public void An_unreachable_joiner_is_not_moved_to_Up()
    {
        var g = GossipOf(Member(1), Member(2, MemberStatus.Joining), Member(3, MemberStatus.Joining)).SeenByAll().WithUnreachable(A, C);

        var result = Act(g).Gossip!;

        Assert.Equal(MemberStatus.Up, result.Member(B)!.Status);
        Assert.Equal(MemberStatus.Joining, result.Member(C)!.Status);
    }

    [Fact]
    public void Leaving_members_move_to_Exiting_and_are_reported()
    {
        var g = GossipOf(Member(1), Member(2, MemberStatus.Leaving)).SeenByAll();

        var result = Act(g);

        Assert.Equal(MemberStatus.Exiting, result.Gossip!.Member(B)!.Status);
        Assert.Equal([B], result.Exiting.Select(m => m.UniqueAddress));
    }

    [Theory]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Exiting)]
    public void Unreachable_Down_and_Exiting_members_are_removed_with_a_tombstone(MemberStatus status)
    {
        var g = GossipOf(Member(1), Member(2), Member(3, status)).MarkSeen(A).MarkSeen(B).WithUnreachable(A, C).Increment(C);

        var result = Act(g);

        Assert.Equal([C], result.Removed.Select(m => m.UniqueAddress));
        Assert.Equal(status, result.Removed[0].Status);
        Assert.False(result.Gossip!.HasMember(C));
        Assert.Equal(42, result.Gossip.Tombstones[C]);
        Assert.True(result.Gossip.Reachability.IsAllReachable);
        Assert.DoesNotContain(GossipState.ClockNode(C), result.Gossip.Version.Versions.Keys);
    }

    [Fact]
    public void A_reachable_Exiting_member_is_removed_only_once_it_confirmed_its_exit()
    {
        var g = GossipOf(Member(1), Member(2), Member(3, MemberStatus.Exiting)).SeenByAll();

        Assert.Null(Act(g).Gossip);

        var result = Act(g, confirmed: new HashSet<UniqueAddress> { C });
        Assert.Equal([C], result.Removed.Select(m => m.UniqueAddress));
    }

    [Fact]
    public void A_reachable_Down_member_is_removed_once_it_has_seen_its_downing()
    {
        var g = GossipOf(Member(1), Member(2), Member(3, MemberStatus.Down)).MarkSeen(A).MarkSeen(B);

        Assert.Null(Act(g).Gossip);
        Assert.Equal([C], Act(g.MarkSeen(C)).Removed.Select(m => m.UniqueAddress));
    }

    [Fact]
    public void The_leader_never_removes_itself_for_having_seen_its_own_downing()
    {
        var g = GossipOf(Member(1, MemberStatus.Down), Member(2)).SeenByAll();

        Assert.DoesNotContain(A, Act(g, self: A).Removed.Select(m => m.UniqueAddress));
    }

    [Fact]
    public void Without_convergence_reachable_joiners_become_WeaklyUp()
    {
        var g = GossipOf(Member(1), Member(2, MemberStatus.Joining), Member(3, MemberStatus.Joining), Member(4))
            .WithUnreachable(A, C).WithUnreachable(A, Node(4));

        var result = LeaderActions.MoveJoiningToWeaklyUp(g.State(A))!;

        Assert.Equal(MemberStatus.WeaklyUp, result.Member(B)!.Status);
        Assert.Equal(MemberStatus.Joining, result.Member(C)!.Status);
        Assert.Equal([A], result.Seen);
        Assert.Equal(ClockOrdering.After, result.Version.CompareTo(g.Version));
    }

    [Fact]
    public void Without_joiners_WeaklyUp_has_nothing_to_do()
    {
        Assert.Null(LeaderActions.MoveJoiningToWeaklyUp(GossipOf(Member(1), Member(2, MemberStatus.WeaklyUp)).State(A)));
    }
}
