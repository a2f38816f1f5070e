using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class ConvergenceAndLeaderSpec
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3);

    [Fact]
    public void A_gossip_every_Up_member_has_seen_is_converged()
    {
        var state = GossipOf(Member(1), Member(2), Member(3)).SeenByAll().State(A);

        Assert.True(state.IsConverged(NoneConfirmed));
    }

    [Fact]
    public void An_Up_or_Leaving_member_that_has_not_seen_the_gossip_blocks_convergence()
    {
        Assert.False(GossipOf(Member(1), Member(2), Member(3)).MarkSeen(A).MarkSeen(B).State(A).IsConverged(NoneConfirmed));
        Assert.False(GossipOf(Member(1), Member(2), Member(3, MemberStatus.Leaving)).MarkSeen(A).MarkSeen(B).State(A).IsConverged(NoneConfirmed));
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.WeaklyUp)]
    [InlineData(MemberStatus.Exiting)]
    [InlineData(MemberStatus.Down)]
    public void Members_outside_Up_and_Leaving_need_not_have_seen_the_gossip(MemberStatus status)
    {
        var state = GossipOf(Member(1), Member(2), Member(3, status)).MarkSeen(A).MarkSeen(B).State(A);

        Assert.True(state.IsConverged(NoneConfirmed));
    }

    [Theory]
    [InlineData(MemberStatus.Up)]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Joining)]
    public void An_unreachable_member_that_is_not_Down_or_Exiting_blocks_convergence_even_if_it_has_seen_it(MemberStatus status)
    {
        var state = GossipOf(Member(1), Member(2), Member(3, status)).SeenByAll().WithUnreachable(A, C).State(A);

        Assert.False(state.IsConverged(NoneConfirmed));
    }

    [Theory]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Exiting)]
    public void An_unreachable_Down_or_Exiting_member_does_not_block_convergence(MemberStatus status)
    {
        var state = GossipOf(Member(1), Member(2), Member(3, status)).MarkSeen(A).MarkSeen(B).WithUnreachable(A, C).State(A);

        Assert.True(state.IsConverged(NoneConfirmed));
    }

    [Fact]
    public void An_unreachable_member_that_confirmed_its_exit_does_not_block_convergence()
    {
        var state = GossipOf(Member(1), Member(2), Member(3, MemberStatus.Leaving)).MarkSeen(A).MarkSeen(B).WithUnreachable(A, C).State(A);

        Assert.True(state.IsConverged(new HashSet<UniqueAddress> { C }));
    }

    [Fact]
    public void Other_nodes_seeing_self_unreachable_does_not_block_convergence_on_self()
    {
        var state = GossipOf(Member(1), Member(2), Member(3)).SeenByAll().WithUnreachable(B, A).State(A);

        Assert.True(state.IsConverged(NoneConfirmed));
        Assert.False((state with { Self = B }).IsConverged(NoneConfirmed));
    }

    [Fact]
    public void Unreachable_observations_made_by_a_Down_member_do_not_block_convergence()
    {
        // C was downed (it saw A unreachable over a broken link); C's stale verdict about A must not stop the
        // leader from converging, or it could never remove C and the cluster would be stuck for good.
        var state = GossipOf(Member(1), Member(2), Member(3, MemberStatus.Down)).MarkSeen(A).MarkSeen(B)
            .WithUnreachable(C, A).WithUnreachable(B, C).State(B);

        Assert.True(state.IsConverged(NoneConfirmed));
        Assert.Equal(A, state.Leader!.UniqueAddress);
        Assert.Equal([C], state.Unreachable);
    }

    [Fact]
    public void The_leader_is_the_lowest_address_Up_member()
    {
        var g = GossipOf(Member(3), Member(1), Member(2)).SeenByAll();

        Assert.Equal(A, g.State(C).Leader!.UniqueAddress);
        Assert.True(g.State(A).IsLeader);
        Assert.False(g.State(B).IsLeader);
    }

    [Fact]
    public void An_unreachable_lowest_member_is_skipped_so_each_side_of_a_partition_has_its_own_leader()
    {
        var g = GossipOf(Member(1), Member(2), Member(3)).WithUnreachable(B, A).WithUnreachable(C, A);

        Assert.Equal(B, g.State(B).Leader!.UniqueAddress);
        Assert.Equal(B, g.State(C).Leader!.UniqueAddress);
        // A counts itself reachable: it leads its own side.
        Assert.Equal(A, g.State(A).Leader!.UniqueAddress);
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.WeaklyUp)]
    [InlineData(MemberStatus.Exiting)]
    [InlineData(MemberStatus.Down)]
    public void A_lower_address_member_that_is_not_Up_or_Leaving_does_not_lead_while_an_Up_member_exists(MemberStatus status)
    {
        var g = GossipOf(Member(1, status), Member(2), Member(3));

        Assert.Equal(B, g.State(C).Leader!.UniqueAddress);
    }

    [Fact]
    public void A_Leaving_member_can_still_lead()
    {
        Assert.Equal(A, GossipOf(Member(1, MemberStatus.Leaving), Member(2)).State(B).Leader!.UniqueAddress);
    }

    [Fact]
    public void Before_anyone_is_Up_the_lowest_address_reachable_member_leads_so_someone_can_move_joiners_up()
    {
        var g = GossipOf(Member(2, MemberStatus.Joining), Member(1, MemberStatus.Joining));

        Assert.Equal(A, g.State(B).Leader!.UniqueAddress);
    }

    [Fact]
    public void Only_Down_members_left_means_there_is_no_leader()
    {
        Assert.Null(GossipOf(Member(1, MemberStatus.Down), Member(2, MemberStatus.Down)).State(Node(9)).Leader);
    }

    [Fact]
    public void The_role_leader_is_the_lowest_address_Up_member_with_that_role()
    {
        var g = GossipOf(Member(1, roles: "web"), Member(2, roles: "worker"), Member(3, roles: ["worker", "web"]), Member(4, roles: "worker"));

        var state = g.State(A);

        Assert.Equal(A, state.RoleLeader("web")!.UniqueAddress);
        Assert.Equal(B, state.RoleLeader("worker")!.UniqueAddress);
        Assert.Null(state.RoleLeader("nobody"));
        Assert.Equal(C, g.WithUnreachable(A, B).State(A).RoleLeader("worker")!.UniqueAddress);
    }

    [Fact]
    public void Valid_gossip_targets_exclude_self_members_self_sees_unreachable_and_strangers()
    {
        var state = GossipOf(Member(1), Member(2), Member(3), Member(4)).WithUnreachable(A, C).WithUnreachable(B, Node(4)).State(A);

        Assert.False(state.IsValidGossipTarget(A));
        Assert.True(state.IsValidGossipTarget(B));
        Assert.False(state.IsValidGossipTarget(C));
        Assert.True(state.IsValidGossipTarget(Node(4))); // only another node sees it unreachable
        Assert.False(state.IsValidGossipTarget(Node(9)));
    }

    [Fact]
    public void Gossip_speeds_up_while_a_member_is_Down()
    {
        Assert.True(GossipOf(Member(1), Member(2), Member(3, MemberStatus.Down)).SeenByAll().State(A).IsGossipSpeedupNeeded);
    }

    [Fact]
    public void Gossip_speeds_up_while_fewer_than_half_the_members_have_seen_it()
    {
        var g = GossipOf(Member(1), Member(2), Member(3), Member(4));

        Assert.True(g.MarkSeen(A).State(A).IsGossipSpeedupNeeded);
        Assert.False(g.MarkSeen(A).MarkSeen(B).State(A).IsGossipSpeedupNeeded);
        Assert.False(g.SeenByAll().State(A).IsGossipSpeedupNeeded);
    }
}
