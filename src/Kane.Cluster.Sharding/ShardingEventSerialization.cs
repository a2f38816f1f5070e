using Kane.Cluster.Sharding.Internal;
using Kane.Persistence.Serialization;

namespace Kane.Cluster.Sharding;

/// <summary>
/// The type tags of the sharding coordinator's journal events and snapshot. Register them on the registry of the
/// persistence the coordinator uses (the coordinator does it on start; call it yourself for a registry you build,
/// e.g. to read its journal with persistence queries). The tags are stable: renaming a type never changes them.
/// </summary>
public static class ShardingEventSerialization
{
    /// <summary>Tag prefix of every sharding registration.</summary>
    public const string TagPrefix = "kane.sharding.";

    /// <summary>Registers the coordinator's events and snapshot on <paramref name="registry"/> (again is harmless).</summary>
    public static EventSerializerRegistry Register(EventSerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var json = ShardingJsonContext.Default;
        return registry
            .Register(TagPrefix + "region-registered", json.ShardRegionRegistered)
            .Register(TagPrefix + "region-proxy-registered", json.ShardRegionProxyRegistered)
            .Register(TagPrefix + "region-terminated", json.ShardRegionTerminated)
            .Register(TagPrefix + "region-proxy-terminated", json.ShardRegionProxyTerminated)
            .Register(TagPrefix + "shard-home-allocated", json.ShardHomeAllocated)
            .Register(TagPrefix + "shard-home-deallocated", json.ShardHomeDeallocated)
            .Register(TagPrefix + "coordinator-snapshot", json.CoordinatorSnapshot);
    }
}
