using System.Text.Json.Nodes;
using Kane.Persistence.Serialization;

namespace Kane.Persistence.Tests.Serialization;

public sealed class EventSerializerRegistryTests
{
    public sealed record OrderPlacedV1(string Id);
    public sealed record OrderPlaced(string Id, int Quantity);

    [Fact]
    public void An_event_round_trips_under_its_tag_and_version()
    {
        var registry = new EventSerializerRegistry().Register<OrderPlaced>("order-placed", 2);
        var (manifest, serializerId, payload) = registry.Serialize(new OrderPlaced("a", 3));
        Assert.Equal("order-placed@2", manifest);
        Assert.Equal(new OrderPlaced("a", 3), registry.Deserialize(manifest, serializerId, payload));
    }

    [Fact]
    public void A_renamed_and_reshaped_event_reads_rows_written_under_its_old_tag_and_version()
    {
        var old = new EventSerializerRegistry().Register<OrderPlacedV1>("placed");
        var (manifest, id, payload) = old.Serialize(new OrderPlacedV1("x"));
        var current = new EventSerializerRegistry()
            .Register<OrderPlaced>("order-placed", 2)
            .Alias("placed", "order-placed")
            .Upcast("order-placed", 1, node => { node["Quantity"] = 1; return node; });
        Assert.Equal(new OrderPlaced("x", 1), current.Deserialize(manifest, id, payload));
    }

    [Fact]
    public void A_manifest_naming_a_clr_type_is_never_instantiated()
    {
        var registry = new EventSerializerRegistry().Register<OrderPlaced>("order-placed");
        var e = Assert.Throws<UnknownManifestException>(() => registry.Deserialize(typeof(System.IO.FileInfo).AssemblyQualifiedName!, 1, "{}"u8));
        Assert.Contains("no type is registered", e.Message);
    }

    [Fact]
    public void A_missing_upcaster_and_an_unregistered_type_fail_with_what_to_register()
    {
        var registry = new EventSerializerRegistry().Register<OrderPlaced>("order-placed", 3);
        Assert.Contains("no upcaster from version 1 to 2", Assert.Throws<UnknownManifestException>(() => registry.Deserialize("order-placed@1", 1, "{}"u8)).Message);
        Assert.Contains("Register<OrderPlacedV1>", Assert.Throws<UnregisteredTypeException>(() => registry.Serialize(new OrderPlacedV1("a"))).Message);
    }
}
