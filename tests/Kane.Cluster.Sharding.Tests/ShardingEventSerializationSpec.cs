using System.Text;
using Kane.Cluster.Sharding.Internal;
using Kane.Persistence.Serialization;

namespace Kane.Cluster.Sharding.Tests;

public sealed class ShardingEventSerializationSpec
{
    private const string Region = "kane.tcp://kane@10.0.0.1:2552/system/sharding/orders#17";

    public static TheoryData<object, string> Events() => new()
    {
        { new ShardRegionRegistered(Region), "kane.sharding.region-registered@1" },
        { new ShardRegionProxyRegistered(Region), "kane.sharding.region-proxy-registered@1" },
        { new ShardRegionTerminated(Region), "kane.sharding.region-terminated@1" },
        { new ShardRegionProxyTerminated(Region), "kane.sharding.region-proxy-terminated@1" },
        { new ShardHomeAllocated("42", Region), "kane.sharding.shard-home-allocated@1" },
        { new ShardHomeDeallocated("42"), "kane.sharding.shard-home-deallocated@1" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_coordinator_event_round_trips_under_its_stable_tag(object e, string manifest)
    {
        var registry = ShardingEventSerialization.Register(new EventSerializerRegistry());
        var (written, serializerId, payload) = registry.Serialize(e);
        Assert.Equal(manifest, written);
        Assert.Equal(e, registry.Deserialize(written, serializerId, payload));
    }

    [Fact]
    public void A_payload_is_plain_camel_case_json_that_a_fresh_registry_reads()
    {
        var (manifest, id, payload) = ShardingEventSerialization.Register(new EventSerializerRegistry()).Serialize(new ShardHomeAllocated("7", Region));
        Assert.Equal($$"""{"shard":"7","region":"{{Region}}"}""", Encoding.UTF8.GetString(payload));
        var reader = ShardingEventSerialization.Register(new EventSerializerRegistry());
        Assert.Equal(new ShardHomeAllocated("7", Region), reader.Deserialize(manifest, id, payload));
    }

    [Fact]
    public void The_coordinator_snapshot_round_trips_to_the_same_state()
    {
        var state = CoordinatorState.Empty.ApplyAll(
        [
            new ShardRegionRegistered(Region), new ShardRegionRegistered("r2"), new ShardRegionProxyRegistered("p1"),
            new ShardHomeAllocated("1", Region), new ShardHomeAllocated("2", "r2"), new ShardHomeAllocated("3", Region),
        ]).State;
        var registry = ShardingEventSerialization.Register(new EventSerializerRegistry());
        var (manifest, id, payload) = registry.Serialize(state.ToSnapshot());
        Assert.Equal("kane.sharding.coordinator-snapshot@1", manifest);
        var restored = CoordinatorState.FromSnapshot((CoordinatorSnapshot)registry.Deserialize(manifest, id, payload));
        Assert.Equal(state, restored);
    }

    [Fact]
    public void Registering_twice_is_harmless()
    {
        var registry = new EventSerializerRegistry();
        ShardingEventSerialization.Register(registry);
        ShardingEventSerialization.Register(registry);
        Assert.True(registry.IsRegistered(typeof(ShardHomeDeallocated)));
    }
}
