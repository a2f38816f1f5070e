using Kane.Cluster.Sharding.Internal;

namespace Kane.Cluster.Sharding.Tests;

public sealed class CoordinatorStateSpec
{
    private const string A = "kane.tcp://kane@10.0.0.1:2552/system/sharding/orders#1";
    private const string B = "kane.tcp://kane@10.0.0.2:2552/system/sharding/orders#2";
    private const string P = "kane.tcp://kane@10.0.0.3:2552/system/sharding/orders#3";

    private static CoordinatorState Run(params ICoordinatorEvent[] events)
    {
        var (state, _) = CoordinatorState.Empty.ApplyAll(events);
        return state;
    }

    private static readonly ICoordinatorEvent[] History =
    [
        new ShardRegionRegistered(A), new ShardRegionRegistered(B), new ShardRegionProxyRegistered(P),
        new ShardHomeAllocated("1", A), new ShardHomeAllocated("2", B), new ShardHomeAllocated("3", A),
        new ShardHomeDeallocated("3"), new ShardHomeAllocated("3", B), new ShardRegionProxyTerminated(P),
        new ShardHomeAllocated("4", A), new ShardRegionTerminated(A), new ShardHomeAllocated("1", B),
    ];

    [Fact]
    public void A_registered_region_holds_nothing_until_a_shard_is_allocated_to_it()
    {
        var (state, note) = CoordinatorState.Empty.Apply(new ShardRegionRegistered(A));
        Assert.Null(note);
        Assert.True(state.HasRegion(A));
        Assert.Empty(state.ShardsOf(A));
        Assert.Empty(state.AllShards);
    }

    [Fact]
    public void An_allocated_shard_is_found_from_both_sides()
    {
        var state = Run(new ShardRegionRegistered(A), new ShardHomeAllocated("7", A), new ShardHomeAllocated("8", A));
        Assert.Equal(A, state.RegionOf("7"));
        Assert.Equal(["7", "8"], state.ShardsOf(A));
        Assert.Equal(["7", "8"], state.AllShards.Order());
        Assert.Null(state.RegionOf("9"));
    }

    [Fact]
    public void A_deallocated_shard_leaves_its_region()
    {
        var (state, note) = Run(new ShardRegionRegistered(A), new ShardHomeAllocated("7", A)).Apply(new ShardHomeDeallocated("7"));
        Assert.Null(note);
        Assert.Null(state.RegionOf("7"));
        Assert.Empty(state.ShardsOf(A));
    }

    [Fact]
    public void A_terminated_region_leaves_its_shards_unallocated_and_others_untouched()
    {
        var state = Run(new ShardRegionRegistered(A), new ShardRegionRegistered(B),
            new ShardHomeAllocated("1", A), new ShardHomeAllocated("2", B), new ShardHomeAllocated("3", A));
        var (after, note) = state.Apply(new ShardRegionTerminated(A));
        Assert.Null(note);
        Assert.False(after.HasRegion(A));
        Assert.Equal(["2"], after.AllShards);
        Assert.Equal(B, after.RegionOf("2"));
        Assert.Equal(after, state.WithoutRegion(A));
    }

    [Fact]
    public void Proxies_come_and_go()
    {
        var state = Run(new ShardRegionProxyRegistered(P));
        Assert.Contains(P, state.Proxies);
        var (after, note) = state.Apply(new ShardRegionProxyTerminated(P));
        Assert.Null(note);
        Assert.Empty(after.Proxies);
    }

    [Fact]
    public void Every_duplicate_is_absorbed_with_a_note_and_changes_nothing()
    {
        var state = Run(new ShardRegionRegistered(A), new ShardRegionProxyRegistered(P), new ShardHomeAllocated("1", A));
        foreach (var e in new ICoordinatorEvent[] { new ShardRegionRegistered(A), new ShardRegionProxyRegistered(P), new ShardHomeAllocated("1", A) })
        {
            var (after, note) = state.Apply(e);
            Assert.NotNull(note);
            Assert.Same(state, after);
        }
    }

    [Fact]
    public void Events_about_unknown_regions_proxies_and_shards_are_absorbed_with_a_note()
    {
        foreach (var e in new ICoordinatorEvent[] { new ShardRegionTerminated(A), new ShardRegionProxyTerminated(P), new ShardHomeDeallocated("5") })
        {
            var (after, note) = CoordinatorState.Empty.Apply(e);
            Assert.Contains("ignored", note);
            Assert.Same(CoordinatorState.Empty, after);
        }
    }

    [Fact]
    public void A_shard_allocated_to_an_unregistered_region_registers_the_region()
    {
        var (state, note) = CoordinatorState.Empty.Apply(new ShardHomeAllocated("1", A));
        Assert.Contains("registered implicitly", note);
        Assert.True(state.HasRegion(A));
        Assert.Equal(A, state.RegionOf("1"));
        // The region's later registration (written out of order) is then a harmless duplicate.
        Assert.Equal(state, state.Apply(new ShardRegionRegistered(A)).State);
    }

    [Fact]
    public void A_shard_allocated_elsewhere_moves_to_the_later_region()
    {
        var state = Run(new ShardRegionRegistered(A), new ShardRegionRegistered(B), new ShardHomeAllocated("1", A));
        var (after, note) = state.Apply(new ShardHomeAllocated("1", B));
        Assert.Contains("moved", note);
        Assert.Equal(B, after.RegionOf("1"));
        Assert.Empty(after.ShardsOf(A));
        Assert.Equal(["1"], after.ShardsOf(B));
    }

    [Fact]
    public void The_history_recovers_without_notes()
    {
        var (state, notes) = CoordinatorState.Empty.ApplyAll(History);
        Assert.Empty(notes);
        Assert.False(state.HasRegion(A));
        Assert.Equal(["1", "2", "3"], state.ShardsOf(B).Order());
        Assert.Empty(state.Proxies);
    }

    [Fact]
    public void Recovery_with_repeated_events_reaches_the_same_state_as_without()
    {
        var clean = Run(History);
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var noisy = History.SelectMany(e => Enumerable.Repeat(e, 1 + random.Next(3))).ToArray();
            var (state, notes) = CoordinatorState.Empty.ApplyAll(noisy);
            Assert.Equal(clean, state);
            Assert.Equal(noisy.Length - History.Length, notes.Count);
        }
    }

    [Fact]
    public void Every_prefix_of_a_recovery_keeps_both_indexes_consistent()
    {
        var random = new Random(3);
        var events = History.SelectMany(e => Enumerable.Repeat(e, 1 + random.Next(2))).Reverse().Concat(History).ToArray();
        var state = CoordinatorState.Empty;
        foreach (var e in events)
        {
            state = state.Apply(e).State;
            foreach (var (shard, region) in state.Shards) Assert.Contains(shard, state.ShardsOf(region));
            Assert.Equal(state.Shards.Count, state.Regions.Values.Sum(l => l.Count));
        }
    }

    [Fact]
    public void A_snapshot_restores_the_same_state()
    {
        var state = Run(History).Apply(new ShardRegionProxyRegistered(P)).State.Apply(new ShardRegionRegistered(A)).State;
        var snapshot = state.ToSnapshot();
        Assert.Equal([A, B], snapshot.Regions.Select(r => r.Region));
        Assert.Equal(state, CoordinatorState.FromSnapshot(snapshot));
        Assert.Equal(CoordinatorState.Empty, CoordinatorState.FromSnapshot(CoordinatorState.Empty.ToSnapshot()));
    }

    [Fact]
    public void Equality_is_by_content()
    {
        Assert.NotEqual(Run(History), Run(History[..^1]));
        Assert.Equal(Run(History), Run(History));
    }
}
