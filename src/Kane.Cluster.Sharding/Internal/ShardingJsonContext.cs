using System.Text.Json.Serialization;

namespace Kane.Cluster.Sharding.Internal;

// Source-generated metadata for the coordinator's journal: no reflection, and trimming keeps what the journal needs.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ShardRegionRegistered))]
[JsonSerializable(typeof(ShardRegionProxyRegistered))]
[JsonSerializable(typeof(ShardRegionTerminated))]
[JsonSerializable(typeof(ShardRegionProxyTerminated))]
[JsonSerializable(typeof(ShardHomeAllocated))]
[JsonSerializable(typeof(ShardHomeDeallocated))]
[JsonSerializable(typeof(CoordinatorSnapshot))]
internal sealed partial class ShardingJsonContext : JsonSerializerContext;
