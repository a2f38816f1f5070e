using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.Sharding.Allocation;

/// <summary>One region as the allocation strategy sees it: where it lives and which shards it holds.</summary>
/// <param name="Region">The region actor.</param>
/// <param name="Member">The cluster member the region runs on (status, app version, age), null when unknown.</param>
/// <param name="Shards">The shards currently allocated to it.</param>
public sealed record RegionEntry(IActorRef Region, Member? Member, ImmutableArray<string> Shards);

/// <summary>
/// Where a new shard goes and which shards to move. Pure: given the current allocation, it answers; the coordinator
/// persists the outcome and carries it out.
/// </summary>
public interface IShardAllocationStrategy
{
    /// <summary>The region that should host <paramref name="shardId"/> (requested by <paramref name="requester"/>).</summary>
    IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyList<RegionEntry> regions);

    /// <summary>
    /// The shards to move now (their hand-off starts; they are then allocated again with <see cref="AllocateShard"/>).
    /// Empty while any member is joining or unreachable, or a rebalance is still in progress beyond the limits.
    /// </summary>
    IReadOnlySet<string> Rebalance(IReadOnlyList<RegionEntry> regions, IReadOnlySet<string> rebalanceInProgress, ClusterView cluster);
}

/// <summary>What the strategy needs to know about the cluster to decide whether rebalancing is safe now.</summary>
public sealed record ClusterView(bool AnyMemberJoining, bool AnyMemberUnreachable, bool MixedAppVersions)
{
    public static readonly ClusterView Stable = new(false, false, false);
}
