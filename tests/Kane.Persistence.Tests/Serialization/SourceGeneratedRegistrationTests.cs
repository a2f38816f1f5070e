using System.Text;
using System.Text.Json.Serialization;
using Kane.Persistence.Serialization;

namespace Kane.Persistence.Tests.Serialization;

public sealed class SourceGeneratedRegistrationTests
{
    [Fact]
    public void A_type_registered_with_source_generated_metadata_round_trips_with_that_metadata()
    {
        var registry = new EventSerializerRegistry().Register("parcel-sent", GeneratedJson.Default.ParcelSent, 2);
        var (manifest, id, payload) = registry.Serialize(new ParcelSent("p-1", 3));
        Assert.Equal("parcel-sent@2", manifest);
        // The context's snake_case policy shows its metadata was used, not the registry's reflection default.
        Assert.Equal("""{"parcel_id":"p-1","weight":3}""", Encoding.UTF8.GetString(payload));
        Assert.Equal(new ParcelSent("p-1", 3), registry.Deserialize(manifest, id, payload));
    }

    [Fact]
    public void Upcasters_apply_to_source_generated_registrations()
    {
        var registry = new EventSerializerRegistry()
            .Register("parcel-sent", GeneratedJson.Default.ParcelSent, 2)
            .Upcast("parcel-sent", 1, node => { node["weight"] = 1; return node; });
        Assert.Equal(new ParcelSent("p-2", 1), registry.Deserialize("parcel-sent@1", 1, """{"parcel_id":"p-2"}"""u8));
    }
}

public sealed record ParcelSent(string ParcelId, int Weight);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ParcelSent))]
internal sealed partial class GeneratedJson : JsonSerializerContext;
