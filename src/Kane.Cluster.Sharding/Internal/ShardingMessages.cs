using System.Text.Json.Serialization;

namespace Kane.Cluster.Sharding.Internal;

// What regions, proxies, the coordinator and its hand-off workers tell each other across nodes: JSON under explicit
// tags (ShardingWire). Actor references travel as the sender of a message or as a path in serialization format.

/// <summary>Region → coordinator, every retry-interval until <see cref="RegisterAck"/>: I host shards.</summary>
internal sealed record Register;

/// <summary>Proxy region → coordinator: I route to shards but host none.</summary>
internal sealed record RegisterProxy;

/// <summary>Coordinator → region (the coordinator is the sender).</summary>
internal sealed record RegisterAck;

/// <summary>Region → coordinator: where does <see cref="Shard"/> live? Allocates it when it lives nowhere yet.</summary>
internal sealed record GetShardHome(string Shard);

/// <summary>Coordinator → region: <see cref="Shard"/> lives at <see cref="Region"/> (a path in serialization format).</summary>
internal sealed record ShardHome(string Shard, string Region);

/// <summary>
/// Coordinator → a region that is shutting down and asks for a shard's home: no region that stays can take the shard
/// (every region is leaving, e.g. the last node stops), so what that region keeps for the shard has nowhere to go.
/// </summary>
internal sealed record ShardHomeUnavailable(string Shard);

/// <summary>Coordinator → the region it allocated a shard to: start it (resent after shard-start-timeout).</summary>
internal sealed record HostShard(string Shard);

/// <summary>Region → coordinator: the shard runs.</summary>
internal sealed record ShardStarted(string Shard);

/// <summary>Hand-off worker → every region and proxy: forget where the shard lives and buffer its messages.</summary>
internal sealed record BeginHandOff(string Shard);

/// <summary>Region → hand-off worker: nothing more goes to the shard's old home from me (sender = the region).</summary>
internal sealed record BeginHandOffAck(string Shard);

/// <summary>
/// Region → the shard's old home, instead of acknowledging directly: the old home relays the acknowledgement to
/// <see cref="AckTo"/> after it handled everything this region sent it before (same link, so in order).
/// </summary>
internal sealed record HandOffFence(string Shard, string AckTo);

/// <summary>Hand-off worker → the owning region: stop the shard's entities and report <see cref="ShardStopped"/>.</summary>
internal sealed record HandOff(string Shard);

/// <summary>Owning region → hand-off worker: the shard stopped; its undelivered messages wait at the region.</summary>
internal sealed record ShardStopped(string Shard);

/// <summary>Region → coordinator during coordinated shutdown: hand all my shards off (sender = the region).</summary>
internal sealed record GracefulShutdownReq;

/// <summary>Region → coordinator: the paths of every registered region (for cluster-wide statistics).</summary>
internal sealed record GetRegionPaths;

internal sealed record RegionPaths(string[] Paths);

/// <summary>A <see cref="ShardEnvelope"/> on the wire: the payload under its own serialization tag.</summary>
internal sealed record WireShardEnvelope(string EntityId, string Tag, int SerializerId, byte[] Data);

[JsonSerializable(typeof(Register))]
[JsonSerializable(typeof(RegisterProxy))]
[JsonSerializable(typeof(RegisterAck))]
[JsonSerializable(typeof(GetShardHome))]
[JsonSerializable(typeof(ShardHome))]
[JsonSerializable(typeof(ShardHomeUnavailable))]
[JsonSerializable(typeof(HostShard))]
[JsonSerializable(typeof(ShardStarted))]
[JsonSerializable(typeof(BeginHandOff))]
[JsonSerializable(typeof(BeginHandOffAck))]
[JsonSerializable(typeof(HandOffFence))]
[JsonSerializable(typeof(HandOff))]
[JsonSerializable(typeof(ShardStopped))]
[JsonSerializable(typeof(GracefulShutdownReq))]
[JsonSerializable(typeof(GetRegionPaths))]
[JsonSerializable(typeof(RegionPaths))]
[JsonSerializable(typeof(WireShardEnvelope))]
[JsonSerializable(typeof(StartEntity))]
[JsonSerializable(typeof(StartEntityAck))]
[JsonSerializable(typeof(GetCurrentRegions))]
[JsonSerializable(typeof(CurrentRegions))]
[JsonSerializable(typeof(GetShardRegionStats))]
[JsonSerializable(typeof(ShardRegionStats))]
[JsonSerializable(typeof(GetShardRegionState))]
[JsonSerializable(typeof(CurrentShardRegionState))]
[JsonSerializable(typeof(GetClusterShardingStats))]
[JsonSerializable(typeof(ClusterShardingStats))]
internal sealed partial class ShardingWireJsonContext : JsonSerializerContext;
