using Kane.Cluster.Downing;
using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class SplitBrainResolverSpec
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3), D = Node(4), E = Node(5);

    private static SplitBrainResolverSettings Settings(DowningStrategyKind strategy = DowningStrategyKind.KeepMajority, TimeSpan? unstable = null) =>
        ClusterSettings.Default.SplitBrainResolver! with
        {
            Strategy = strategy,
            StableAfter = TimeSpan.FromSeconds(2),
            DownAllWhenUnstable = unstable,
            QuorumSize = 3,
        };

    private static readonly GossipState Five = GossipOf(Member(1), Member(2), Member(3), Member(4), Member(5));

    /// <summary>A's side {A, B, C} sees D and E unreachable.</summary>
    private static MembershipState Partitioned(UniqueAddress? self = null) =>
        Five.WithUnreachable(A, D, E).State(self ?? A);

    [Fact]
    public void Nothing_is_decided_before_the_partition_has_been_stable_for_stable_after()
    {
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(Partitioned(), 10_000);

        Assert.Null(sbr.Decide(Partitioned(), 10_000));
        Assert.Null(sbr.Decide(Partitioned(), 11_999));
        var action = sbr.Decide(Partitioned(), 12_000);

        Assert.NotNull(action);
        Assert.Equal([D, E], action.Nodes.OrderBy(n => n));
    }

    [Fact]
    public void A_change_in_the_partition_restarts_the_stable_after_clock()
    {
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(Five.WithUnreachable(A, E).State(A), 10_000);
        sbr.OnStateChanged(Partitioned(), 11_500);

        Assert.Null(sbr.Decide(Partitioned(), 12_500));
        Assert.NotNull(sbr.Decide(Partitioned(), 13_500));
    }

    [Fact]
    public void Only_the_leader_decides()
    {
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(Partitioned(B), 0);

        Assert.Null(sbr.Decide(Partitioned(B), 60_000));
    }

    [Fact]
    public void Nothing_is_decided_while_everyone_is_reachable()
    {
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(Five.State(A), 0);

        Assert.Null(sbr.Decide(Five.State(A), 60_000));
    }

    [Fact]
    public void The_minority_side_downs_itself_including_this_node()
    {
        var minority = Five.WithUnreachable(D, A, B, C).State(D);
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(minority, 0);

        var action = sbr.Decide(minority, 2_000)!;

        Assert.Equal([D, E], action.Nodes.OrderBy(n => n));
    }

    [Fact]
    public void Unreachable_Joining_members_are_downed_with_the_unreachable_side()
    {
        var state = Five.Update(Member(6, MemberStatus.Joining)).WithUnreachable(A, D, E, Node(6)).State(A);
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(state, 0);

        var action = sbr.Decide(state, 2_000)!;

        Assert.Equal([D, E, Node(6)], action.Nodes.OrderBy(n => n));
    }

    [Fact]
    public void Reachable_Joining_members_on_a_side_that_downs_itself_go_down_with_it()
    {
        var state = Five.Update(Member(6, MemberStatus.Joining)).WithUnreachable(D, A, B, C).State(D);
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(state, 0);

        var action = sbr.Decide(state, 2_000)!;

        Assert.Equal([D, E, Node(6)], action.Nodes.OrderBy(n => n));
    }

    [Fact]
    public void Down_all_downs_every_member_including_joiners()
    {
        var state = Five.Update(Member(6, MemberStatus.Joining)).WithUnreachable(A, D, E).State(A);
        var sbr = new SplitBrainResolver(Settings(DowningStrategyKind.DownAll));
        sbr.OnStateChanged(state, 0);

        var action = sbr.Decide(state, 2_000)!;

        Assert.Equal(6, action.Nodes.Count);
    }

    [Fact]
    public void Static_quorum_keep_oldest_and_down_all_are_applied_through_the_resolver()
    {
        foreach (var (strategy, expected) in new[]
                 {
                     (DowningStrategyKind.StaticQuorum, new[] { D, E }),
                     (DowningStrategyKind.KeepOldest, new[] { D, E }),
                     (DowningStrategyKind.DownAll, new[] { A, B, C, D, E }),
                 })
        {
            var sbr = new SplitBrainResolver(Settings(strategy));
            sbr.OnStateChanged(Partitioned(), 0);
            Assert.Equal(expected, sbr.Decide(Partitioned(), 2_000)!.Nodes.OrderBy(n => n));
        }
    }

    [Fact]
    public void Only_indirectly_connected_nodes_are_downed_when_nothing_else_is_wrong()
    {
        // B and C cannot reach each other but everyone else reaches both: a broken link, not a partition.
        var state = Five.WithUnreachable(B, C).WithUnreachable(C, B).State(A);
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(state, 0);

        var action = sbr.Decide(state, 2_000)!;

        Assert.Equal([B, C], action.Nodes.OrderBy(n => n));
        Assert.Contains("indirectly connected", action.Reason);
    }

    [Fact]
    public void After_a_decision_the_resolver_waits_stable_after_again_before_deciding_anew()
    {
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(Partitioned(), 0);
        Assert.NotNull(sbr.Decide(Partitioned(), 2_000));

        Assert.Null(sbr.Decide(Partitioned(), 3_000));
        Assert.NotNull(sbr.Decide(Partitioned(), 4_000));
    }

    [Fact]
    public void When_changes_keep_coming_past_stable_after_plus_down_all_when_unstable_everything_is_downed()
    {
        var sbr = new SplitBrainResolver(Settings(unstable: TimeSpan.FromSeconds(4)));
        var flapping = new[] { Five.WithUnreachable(A, D).State(A), Five.WithUnreachable(A, E).State(A) };
        DowningAction? action = null;
        long decidedAt = -1;
        for (long now = 0; now < 20_000 && action is null; now += 1_000)
        {
            var state = flapping[now / 1_000 % 2];
            sbr.OnStateChanged(state, now);
            action = sbr.Decide(state, now);
            decidedAt = now;
        }

        Assert.NotNull(action);
        Assert.Equal(6_000, decidedAt); // stable-after 2 s + 4 s from the first change at 0
        Assert.Equal([A, B, C, D, E], action!.Nodes.OrderBy(n => n));
    }

    [Fact]
    public void Without_down_all_when_unstable_flapping_only_postpones_the_decision()
    {
        var sbr = new SplitBrainResolver(Settings(unstable: null));
        var flapping = new[] { Five.WithUnreachable(A, D).State(A), Five.WithUnreachable(A, E).State(A) };
        for (var i = 0; i < 20; i++)
        {
            sbr.OnStateChanged(flapping[i % 2], i * 1_000);
            Assert.Null(sbr.Decide(flapping[i % 2], i * 1_000));
        }
    }

    [Fact]
    public void The_instability_clock_starts_over_once_everything_was_reachable_again()
    {
        var sbr = new SplitBrainResolver(Settings(unstable: TimeSpan.FromSeconds(4)));
        sbr.OnStateChanged(Partitioned(), 0);
        sbr.OnStateChanged(Five.State(A), 1_000);
        sbr.OnStateChanged(Five.WithUnreachable(A, D).State(A), 5_000);
        sbr.OnStateChanged(Five.WithUnreachable(A, E).State(A), 6_500);

        Assert.Null(sbr.Decide(Five.WithUnreachable(A, E).State(A), 7_000));
    }

    [Fact]
    public void Lease_majority_decides_nothing_on_its_own_and_turns_the_lease_outcome_into_downing()
    {
        var sbr = new SplitBrainResolver(Settings(DowningStrategyKind.LeaseMajority));
        sbr.OnStateChanged(Partitioned(), 0);

        Assert.Null(sbr.Decide(Partitioned(), 5_000));
        Assert.False(sbr.IsReadyForLease(Partitioned(), 1_000));
        Assert.True(sbr.IsReadyForLease(Partitioned(), 2_000));
        Assert.True(sbr.IsMajoritySide(Partitioned()));
        Assert.Equal([D, E], sbr.LeaseOutcome(Partitioned(), acquired: true, 2_000).Nodes.OrderBy(n => n));
        Assert.Equal([A, B, C], sbr.LeaseOutcome(Partitioned(), acquired: false, 2_000).Nodes.OrderBy(n => n));
    }

    [Fact]
    public void Down_and_Exiting_members_no_longer_count_as_a_problem()
    {
        var state = GossipOf(Member(1), Member(2), Member(3), Member(4, MemberStatus.Down), Member(5, MemberStatus.Exiting)).WithUnreachable(A, D, E).State(A);
        var sbr = new SplitBrainResolver(Settings());
        sbr.OnStateChanged(state, 0);

        Assert.Null(sbr.Decide(state, 60_000));
    }
}
