using Kane.Cluster.Gossip;

namespace Kane.Cluster.Tests;

public sealed class VectorClockSpec
{
    private static VectorClock Clock(params (string Node, long Version)[] entries) =>
        VectorClock.From(entries.Select(e => KeyValuePair.Create(e.Node, e.Version)));

    [Fact]
    public void Increment_starts_a_node_at_one_and_counts_up()
    {
        var clock = VectorClock.Empty.Increment("a").Increment("a").Increment("b");

        Assert.Equal(2, clock.Versions["a"]);
        Assert.Equal(1, clock.Versions["b"]);
    }

    [Fact]
    public void Increment_leaves_the_original_clock_unchanged()
    {
        var before = Clock(("a", 1));
        _ = before.Increment("a");

        Assert.Equal(1, before.Versions["a"]);
    }

    [Fact]
    public void Two_empty_clocks_and_equal_clocks_are_the_same()
    {
        Assert.Equal(ClockOrdering.Same, VectorClock.Empty.CompareTo(VectorClock.Empty));
        Assert.Equal(ClockOrdering.Same, Clock(("a", 2), ("b", 1)).CompareTo(Clock(("b", 1), ("a", 2))));
    }

    [Fact]
    public void A_clock_with_an_extra_increment_is_after_its_ancestor_and_the_ancestor_is_before_it()
    {
        var ancestor = Clock(("a", 1), ("b", 1));
        var descendant = ancestor.Increment("b");

        Assert.Equal(ClockOrdering.After, descendant.CompareTo(ancestor));
        Assert.Equal(ClockOrdering.Before, ancestor.CompareTo(descendant));
    }

    [Fact]
    public void A_clock_that_knows_a_node_the_other_lacks_is_after_it()
    {
        Assert.Equal(ClockOrdering.After, Clock(("a", 1), ("b", 1)).CompareTo(Clock(("a", 1))));
        Assert.Equal(ClockOrdering.Before, VectorClock.Empty.CompareTo(Clock(("a", 1))));
    }

    [Fact]
    public void Clocks_each_ahead_on_a_different_node_are_concurrent_both_ways()
    {
        var left = Clock(("a", 2), ("b", 1));
        var right = Clock(("a", 1), ("b", 2));

        Assert.Equal(ClockOrdering.Concurrent, left.CompareTo(right));
        Assert.Equal(ClockOrdering.Concurrent, right.CompareTo(left));
    }

    [Fact]
    public void Clocks_that_incremented_disjoint_nodes_are_concurrent()
    {
        var start = Clock(("a", 1));

        Assert.Equal(ClockOrdering.Concurrent, start.Increment("b").CompareTo(start.Increment("c")));
    }

    [Fact]
    public void Merge_takes_the_pairwise_maximum_and_is_after_or_same_as_both_inputs()
    {
        var left = Clock(("a", 3), ("b", 1));
        var right = Clock(("b", 4), ("c", 2));

        var merged = left.Merge(right);

        Assert.Equal(new Dictionary<string, long> { ["a"] = 3, ["b"] = 4, ["c"] = 2 }, merged.Versions);
        Assert.Equal(ClockOrdering.After, merged.CompareTo(left));
        Assert.Equal(ClockOrdering.After, merged.CompareTo(right));
        Assert.Equal(ClockOrdering.Same, merged.CompareTo(right.Merge(left)));
    }

    [Fact]
    public void Merging_a_clock_with_its_own_ancestor_gives_the_same_clock()
    {
        var ancestor = Clock(("a", 1));
        var descendant = ancestor.Increment("a").Increment("b");

        Assert.Equal(ClockOrdering.Same, descendant.Merge(ancestor).CompareTo(descendant));
    }

    [Fact]
    public void Prune_drops_a_node_entry_and_ignores_unknown_nodes()
    {
        var clock = Clock(("a", 2), ("b", 5));

        var pruned = clock.Prune("b");

        Assert.Equal(["a"], pruned.Versions.Keys);
        Assert.Same(pruned, pruned.Prune("zzz"));
    }

    [Fact]
    public void After_pruning_a_removed_node_two_clocks_that_differed_only_there_are_the_same()
    {
        var left = Clock(("a", 2), ("removed", 7));
        var right = Clock(("a", 2), ("removed", 3));

        Assert.Equal(ClockOrdering.After, left.CompareTo(right));
        Assert.Equal(ClockOrdering.Same, left.Prune("removed").CompareTo(right.Prune("removed")));
    }

    [Fact]
    public void Node_names_are_compared_ordinally_so_every_process_orders_entries_alike()
    {
        var clock = Clock(("b", 1), ("B", 1), ("a", 1));

        Assert.Equal(["B", "a", "b"], clock.Versions.Keys);
    }
}
