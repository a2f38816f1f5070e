using Kane.Actor;
using Kane.Cluster;
using Kane.Cluster.Sharding.Allocation;

namespace Kane.Actors.Internal;

/// <summary>
/// Keeps each agent shard (shard id = the agents' home node, host:port) on its home node. A shard whose home node has
/// a region goes there; otherwise to the region with the fewest shards (its agents report Disconnected and run
/// nothing). Rebalance moves a shard home once its home node's region exists, and moves nothing while a member joins
/// or is unreachable.
/// </summary>
internal sealed class HomeNodeAllocationStrategy : IShardAllocationStrategy
{
    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    /// <exception cref="ArgumentException">There is no region to allocate to.</exception>
    public IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyList<RegionEntry> regions)
    {
        if (regions.Count == 0)
            throw new ArgumentException($"There is no region to allocate agent shard '{shardId}' to; the coordinator must wait for a region to register.", nameof(regions));
        if (Home(shardId, regions) is { } home) return home.Region;
        var best = regions[0];
        for (var i = 1; i < regions.Count; i++)
        {
            var r = regions[i];
            var c = IsLeaving(r).CompareTo(IsLeaving(best));
            if (c == 0) c = r.Shards.Length.CompareTo(best.Shards.Length);
            if (c == 0) c = r.Region.CompareTo(best.Region);
            if (c < 0) best = r;
        }
        return best.Region;
    }

    public IReadOnlySet<string> Rebalance(IReadOnlyList<RegionEntry> regions, IReadOnlySet<string> rebalanceInProgress, ClusterView cluster)
    {
        if (cluster.AnyMemberJoining || cluster.AnyMemberUnreachable) return Empty;
        HashSet<string>? moves = null;
        foreach (var r in regions)
        {
            var node = NodeOf(r);
            foreach (var shard in r.Shards)
            {
                if (shard == node || rebalanceInProgress.Contains(shard)) continue;
                if (Home(shard, regions) is { Member: null or { Status: MemberStatus.Up } })
                    (moves ??= new HashSet<string>(StringComparer.Ordinal)).Add(shard);
            }
        }
        return moves ?? Empty;
    }

    /// <summary>The region on node <paramref name="shardId"/> when there is one whose member is not leaving.</summary>
    private static RegionEntry? Home(string shardId, IReadOnlyList<RegionEntry> regions)
    {
        foreach (var r in regions)
            if (NodeOf(r) == shardId && !IsLeaving(r)) return r;
        return null;
    }

    /// <summary>host:port of the region's member (or of its path when the member is unknown); null when it has no host.</summary>
    internal static string? NodeOf(RegionEntry r)
    {
        var address = r.Member?.Address ?? r.Region.Path.Address;
        return address.Host is null ? null : Paths.NodeName(address);
    }

    private static bool IsLeaving(RegionEntry r) =>
        r.Member is { Status: MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed };
}
