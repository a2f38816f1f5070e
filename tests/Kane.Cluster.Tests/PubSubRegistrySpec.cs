using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.PubSub.Internal;

namespace Kane.Cluster.Tests;

/// <summary>The replicated registry's pure operations, without a cluster.</summary>
public sealed class PubSubRegistrySpec
{
    private static readonly Address Self = Address.Parse("kane.tcp://kane@10.0.0.1:4053");
    private static readonly Address Other = Address.Parse("kane.tcp://kane@10.0.0.2:4053");

    private static Bucket BucketOf(Address owner, int entries) =>
        new(owner, entries, Enumerable.Range(1, entries).ToImmutableDictionary(i => "/user/a" + i, i => new ValueHolder(i, null), StringComparer.Ordinal));

    [Fact]
    public void A_delta_holds_at_most_max_entries_and_a_cut_bucket_carries_the_version_of_its_last_entry_so_the_rest_follows()
    {
        var buckets = ImmutableDictionary<Address, Bucket>.Empty.Add(Self, BucketOf(Self, 10));
        var first = Registry.Delta(buckets, new Dictionary<Address, long>(), 4).Single();
        Assert.Equal(4, first.Content.Count);
        Assert.Equal(4, first.Version);
        var receiver = Registry.Merge(ImmutableDictionary<Address, Bucket>.Empty, [first], Other, _ => true);
        var rest = Registry.Delta(buckets, Registry.Versions(receiver), 100).Single();
        Assert.Equal(6, rest.Content.Count);
        Assert.Equal(10, Registry.Merge(receiver, [rest], Other, _ => true)[Self].Content.Count);
    }

    [Fact]
    public void Merge_never_overwrites_the_own_bucket_nor_accepts_buckets_of_non_members()
    {
        var mine = ImmutableDictionary<Address, Bucket>.Empty.Add(Self, BucketOf(Self, 1));
        var merged = Registry.Merge(mine, [BucketOf(Self, 5), BucketOf(Other, 5)], Self, a => a != Other);
        Assert.Single(merged[Self].Content);
        Assert.False(merged.ContainsKey(Other));
    }

    [Fact]
    public void Removal_marks_are_forgotten_after_their_time_to_live()
    {
        var buckets = ImmutableDictionary<Address, Bucket>.Empty.Add(Self, BucketOf(Self, 3));
        var pruned = Registry.Prune(buckets, nowMs: 12, ttlMs: 10);
        Assert.Equal(["/user/a2", "/user/a3"], pruned[Self].Content.Keys.Order());
    }
}
