using Kane.Actor;
using Kane.Cluster.Sharding.Allocation;

namespace Kane.Actors.Internal;

// CONTRACT SKELETON — replaced by H2 (agents): shard id = home node host:port → the region on that node.
internal sealed class HomeNodeAllocationStrategy : IShardAllocationStrategy
{
    public IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyList<RegionEntry> regions) => throw new NotImplementedException();

    public IReadOnlySet<string> Rebalance(IReadOnlyList<RegionEntry> regions, IReadOnlySet<string> rebalanceInProgress, ClusterView cluster) => throw new NotImplementedException();
}
