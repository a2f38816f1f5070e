using System.Text.Json.Serialization;
using Kane.Remote.Serialization;

namespace Kane.Cluster.PubSub.Internal;

// Registry gossip between mediators, JSON under explicit tags. Owners are node addresses, references full paths.

internal sealed record WireVersion(string Owner, long Version);

/// <summary>The versions of every bucket the sender knows; the receiver answers with what is newer on its side.</summary>
internal sealed record PubSubStatus(WireVersion[] Versions, bool IsReplyToStatus);

/// <summary>One registry entry; <see cref="Ref"/> null marks a removal.</summary>
internal sealed record WireEntry(string Key, long Version, string? Ref);

internal sealed record WireBucket(string Owner, long Version, WireEntry[] Content);

/// <summary>Entries the receiver lacks, at most max-delta-elements of them.</summary>
internal sealed record PubSubDelta(WireBucket[] Buckets);

[JsonSerializable(typeof(PubSubStatus))]
[JsonSerializable(typeof(PubSubDelta))]
internal sealed partial class PubSubJsonContext : JsonSerializerContext;

internal static class PubSubWire
{
    public static void Register(SerializationRegistry registry) =>
        registry.AddJson("kane.pubsub.status", PubSubJsonContext.Default.PubSubStatus)
            .AddJson("kane.pubsub.delta", PubSubJsonContext.Default.PubSubDelta);
}
