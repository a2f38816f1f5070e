using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class GossipStateSpec
{
    [Fact]
    public void Update_adds_a_new_member_and_replaces_the_record_of_a_known_one()
    {
        var g = GossipOf(Member(1, MemberStatus.Joining));

        g = g.Update(Member(1, MemberStatus.Up, upNumber: 1)).Update(Member(2, MemberStatus.Joining));

        Assert.Equal(2, g.Members.Count);
        Assert.Equal(MemberStatus.Up, g.Member(Node(1))!.Status);
        Assert.Equal(1, g.Member(Node(1))!.UpNumber);
    }

    [Fact]
    public void Members_are_kept_in_address_order_whatever_order_they_arrive_in()
    {
        var g = GossipOf(Member(3), Member(1), Member(2));

        Assert.Equal([1, 2, 3], g.Members.Select(m => m.Address.Port!.Value));
    }

    [Fact]
    public void Two_incarnations_of_one_address_are_different_members()
    {
        var g = GossipOf(Member(1, uid: 10), Member(1, uid: 20));

        Assert.Equal(2, g.Members.Count);
        Assert.True(g.HasMember(Node(1, 10)));
        Assert.False(g.HasMember(Node(1, 30)));
    }

    [Fact]
    public void Remove_drops_member_seen_mark_reachability_rows_and_clock_entry_and_leaves_a_tombstone()
    {
        var g = GossipOf(Member(1), Member(2), Member(3)).Increment(Node(1)).Increment(Node(3)).SeenByAll()
            .WithUnreachable(Node(1), Node(3)).WithUnreachable(Node(3), Node(2));

        var removed = g.Remove(Node(3), nowMs: 1234);

        Assert.False(removed.HasMember(Node(3)));
        Assert.False(removed.SeenBy(Node(3)));
        Assert.True(removed.Reachability.IsAllReachable);
        Assert.DoesNotContain(GossipState.ClockNode(Node(3)), removed.Version.Versions.Keys);
        Assert.Equal(1234, removed.Tombstones[Node(3)]);
    }

    [Fact]
    public void PruneTombstones_forgets_only_tombstones_older_than_the_cutoff()
    {
        var g = GossipOf(Member(1), Member(2), Member(3)).Remove(Node(2), 100).Remove(Node(3), 200);

        var pruned = g.PruneTombstones(150);

        Assert.Equal([Node(3)], pruned.Tombstones.Keys);
        Assert.Same(pruned, pruned.PruneTombstones(150));
    }

    [Fact]
    public void OnlySeen_and_MarkSeen_manage_the_seen_set()
    {
        var g = GossipOf(Member(1), Member(2)).SeenByAll();

        var only = g.OnlySeen(Node(2));

        Assert.Equal([Node(2)], only.Seen);
        Assert.Same(only, only.MarkSeen(Node(2)));
        Assert.Empty(only.ClearSeen().Seen);
    }
}

public sealed class GossipMergeSpec
{
    private static (GossipState Left, GossipState Right) Concurrent(GossipState left, GossipState right) =>
        (left.Increment(Node(1)), right.Increment(Node(2)));

    [Theory]
    [InlineData(MemberStatus.Joining, MemberStatus.Up, MemberStatus.Up)]
    [InlineData(MemberStatus.WeaklyUp, MemberStatus.Joining, MemberStatus.WeaklyUp)]
    [InlineData(MemberStatus.Up, MemberStatus.WeaklyUp, MemberStatus.Up)]
    [InlineData(MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Leaving)]
    [InlineData(MemberStatus.Exiting, MemberStatus.Leaving, MemberStatus.Exiting)]
    [InlineData(MemberStatus.Exiting, MemberStatus.Down, MemberStatus.Down)]
    [InlineData(MemberStatus.Up, MemberStatus.Down, MemberStatus.Down)]
    public void Merge_takes_each_member_from_the_side_with_the_higher_priority_status(MemberStatus left, MemberStatus right, MemberStatus expected)
    {
        var l = GossipOf(Member(1), Member(2), Member(3, left, upNumber: 3));
        var r = GossipOf(Member(1), Member(2), Member(3, right, upNumber: 3));

        Assert.Equal(expected, l.Merge(r).Member(Node(3))!.Status);
        Assert.Equal(expected, r.Merge(l).Member(Node(3))!.Status);
    }

    [Fact]
    public void On_equal_status_merge_keeps_the_older_record()
    {
        var l = GossipOf(Member(1), Member(3, MemberStatus.Up, upNumber: 7));
        var r = GossipOf(Member(1), Member(3, MemberStatus.Up, upNumber: 4));

        Assert.Equal(4, l.Merge(r).Member(Node(3))!.UpNumber);
        Assert.Equal(4, r.Merge(l).Member(Node(3))!.UpNumber);
    }

    [Fact]
    public void Merge_pairwise_maxes_the_clocks_so_the_result_is_after_both_sides()
    {
        var (l, r) = Concurrent(GossipOf(Member(1), Member(2)), GossipOf(Member(1), Member(2)));
        Assert.Equal(ClockOrdering.Concurrent, l.Version.CompareTo(r.Version));

        var merged = l.Merge(r);

        Assert.Equal(ClockOrdering.After, merged.Version.CompareTo(l.Version));
        Assert.Equal(ClockOrdering.After, merged.Version.CompareTo(r.Version));
    }

    [Fact]
    public void Merge_resets_seen_to_empty_because_nobody_has_seen_the_merged_version()
    {
        var (l, r) = Concurrent(GossipOf(Member(1), Member(2)).SeenByAll(), GossipOf(Member(1), Member(2)).SeenByAll());

        Assert.Empty(l.Merge(r).Seen);
    }

    [Fact]
    public void Merge_unions_members_known_on_one_side_only()
    {
        var l = GossipOf(Member(1), Member(2), Member(4, MemberStatus.Joining));
        var r = GossipOf(Member(1), Member(2), Member(5, MemberStatus.Up));

        var merged = l.Merge(r);

        Assert.Equal([1, 2, 4, 5], merged.Members.Select(m => m.Address.Port!.Value));
    }

    [Theory]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Exiting)]
    public void A_Down_or_Exiting_member_only_one_side_knows_is_dropped_because_the_other_side_already_removed_it(MemberStatus status)
    {
        var l = GossipOf(Member(1), Member(2), Member(3, status));
        var r = GossipOf(Member(1), Member(2));

        Assert.False(l.Merge(r).HasMember(Node(3)));
        Assert.False(r.Merge(l).HasMember(Node(3)));
    }

    [Fact]
    public void A_tombstoned_node_is_never_resurrected_by_a_stale_gossip_that_still_lists_it()
    {
        var stale = GossipOf(Member(1), Member(2), Member(3)).Increment(Node(3)).WithUnreachable(Node(1), Node(3)).WithUnreachable(Node(3), Node(2));
        var removedHere = GossipOf(Member(1), Member(2), Member(3)).Remove(Node(3), 500).Increment(Node(1));

        foreach (var merged in new[] { removedHere.Merge(stale), stale.Merge(removedHere) })
        {
            Assert.False(merged.HasMember(Node(3)));
            Assert.Equal(500, merged.Tombstones[Node(3)]);
            Assert.DoesNotContain(GossipState.ClockNode(Node(3)), merged.Version.Versions.Keys);
            Assert.DoesNotContain(Node(3), merged.Reachability.ByObserver.Keys);
            Assert.True(merged.Reachability.IsReachable(Node(3)));
        }
    }

    [Fact]
    public void A_new_incarnation_of_a_tombstoned_address_is_a_different_node_and_is_kept()
    {
        var l = GossipOf(Member(1), Member(2, uid: 20)).Remove(Node(2, 20), 1);
        var r = GossipOf(Member(1), Member(2, MemberStatus.Joining, uid: 21));

        var merged = l.Merge(r);

        Assert.True(merged.HasMember(Node(2, 21)));
        Assert.False(merged.HasMember(Node(2, 20)));
    }

    [Fact]
    public void Merge_combines_reachability_with_the_newest_rows_per_observer()
    {
        var baseGossip = GossipOf(Member(1), Member(2), Member(3));
        var l = baseGossip.WithUnreachable(Node(1), Node(3));
        var r = baseGossip.WithUnreachable(Node(2), Node(3));

        var merged = l.Merge(r);

        Assert.Equal([Node(1), Node(2)], merged.Reachability.ObserversGroupedByUnreachable[Node(3)].OrderBy(n => n));
    }

    [Fact]
    public void Merge_is_symmetric_in_members_and_version()
    {
        var (l, r) = Concurrent(
            GossipOf(Member(1), Member(2), Member(3, MemberStatus.Leaving), Member(4, MemberStatus.Joining)),
            GossipOf(Member(1), Member(2, MemberStatus.Down), Member(3, MemberStatus.Up), Member(5, MemberStatus.Joining)));

        var lr = l.Merge(r);
        var rl = r.Merge(l);

        Assert.Equal(lr.Members.Select(m => (m.UniqueAddress, m.Status)), rl.Members.Select(m => (m.UniqueAddress, m.Status)));
        Assert.Equal(ClockOrdering.Same, lr.Version.CompareTo(rl.Version));
    }
}
