namespace Kane.Cluster.Sharding.Internal;

// The coordinator's journaled events. Regions are recorded by their actor path (with uid) in serialization format,
// so a recovered coordinator can resolve them again. Applying any of them twice, or out of the order they were
// written (after a journal repair), must never fail recovery: see CoordinatorState.

internal interface ICoordinatorEvent;

internal sealed record ShardRegionRegistered(string Region) : ICoordinatorEvent;

internal sealed record ShardRegionProxyRegistered(string Proxy) : ICoordinatorEvent;

internal sealed record ShardRegionTerminated(string Region) : ICoordinatorEvent;

internal sealed record ShardRegionProxyTerminated(string Proxy) : ICoordinatorEvent;

internal sealed record ShardHomeAllocated(string Shard, string Region) : ICoordinatorEvent;

internal sealed record ShardHomeDeallocated(string Shard) : ICoordinatorEvent;
