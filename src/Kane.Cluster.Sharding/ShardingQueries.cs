namespace Kane.Cluster.Sharding;

// Questions a region answers (the hooks of `kane cluster sharding ...`). Ask the region of the type.

/// <summary>The addresses of every region the coordinator knows; answered with <see cref="CurrentRegions"/>.</summary>
public sealed record GetCurrentRegions;

public sealed record CurrentRegions(string[] Addresses);

/// <summary>Entity counts of this region's shards; answered with <see cref="ShardRegionStats"/>.</summary>
public sealed record GetShardRegionStats;

/// <param name="Stats">Shard id → running entities.</param>
/// <param name="Failed">Shards that did not answer in time.</param>
public sealed record ShardRegionStats(Dictionary<string, int> Stats, string[] Failed);

/// <summary>The shards of this region and their entity ids; answered with <see cref="CurrentShardRegionState"/>.</summary>
public sealed record GetShardRegionState;

public sealed record ShardState(string ShardId, string[] EntityIds);

public sealed record CurrentShardRegionState(ShardState[] Shards, string[] Failed);

/// <summary>Every region's <see cref="ShardRegionStats"/>, collected within <see cref="Timeout"/>; answered with <see cref="ClusterShardingStats"/>.</summary>
public sealed record GetClusterShardingStats(TimeSpan Timeout);

/// <param name="Regions">Region address → its statistics (regions that did not answer in time are missing).</param>
public sealed record ClusterShardingStats(Dictionary<string, ShardRegionStats> Regions);

/// <summary>
/// Entity → its shard: stop me with <see cref="StopMessage"/>. Messages that arrive meanwhile are kept, and the
/// entity is started again for them once it stopped. Never stop an entity with Context.Stop(Self) directly: messages
/// already on their way to it would be lost.
/// </summary>
public sealed record Passivate(object StopMessage);
