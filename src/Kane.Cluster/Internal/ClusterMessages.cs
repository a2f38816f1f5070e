using System.Text.Json.Serialization;

namespace Kane.Cluster.Internal;

// The messages nodes exchange. They are wire records (plain fields, JSON through ClusterJsonContext under
// explicit tags); the daemon converts them to and from the immutable gossip values.

/// <summary>An incarnation on the wire.</summary>
internal sealed record WireNode(string Address, long Uid);

internal sealed record WireMember(int Node, int Status, string[] Roles, string AppVersion, int UpNumber);

internal sealed record WireReachability(int Observer, int Subject, int Status, long Version);

internal sealed record WireObserverVersion(int Observer, long Version);

internal sealed record WireTombstone(int Node, long RemovedAtMs);

/// <summary>A whole gossip; members, seen marks and rows refer to <see cref="Nodes"/> by index.</summary>
internal sealed record WireGossip(WireNode[] Nodes, WireMember[] Members, int[] Seen, WireReachability[] Reachability,
    WireObserverVersion[] ObserverVersions, Dictionary<string, long> Version, WireTombstone[] Tombstones);

/// <summary>A seed-node probe: is the receiver part of a cluster?</summary>
internal sealed record InitJoin(string From);

internal sealed record InitJoinAck(string Address);

internal sealed record InitJoinNack(string Address);

/// <summary>Asks the contact node to add <see cref="Node"/> as Joining.</summary>
internal sealed record JoinRequest(WireNode Node, string[] Roles, string AppVersion);

/// <summary>The contact node accepted the join; the joiner adopts this gossip.</summary>
internal sealed record Welcome(WireNode From, WireGossip Gossip);

internal sealed record GossipEnvelope(WireNode From, WireNode To, WireGossip Gossip);

/// <summary>Version and seen digest only: the cheap message for a peer that has probably seen it all.</summary>
internal sealed record GossipStatus(WireNode From, Dictionary<string, long> Version, WireNode[] Seen);

/// <summary>The exiting node confirms it is leaving, so the leader may remove it even before it becomes unreachable.</summary>
internal sealed record ExitingConfirmed(WireNode Node);

internal sealed record WireLoad(double Cpu, double Memory, long ProcessMemory, long Queue, int Processors, long SampledAt);

internal sealed record HeartbeatRequest(WireNode From, long Sequence, WireLoad Load);

internal sealed record HeartbeatResponse(WireNode From, long Sequence, WireLoad Load);

[JsonSerializable(typeof(InitJoin))]
[JsonSerializable(typeof(InitJoinAck))]
[JsonSerializable(typeof(InitJoinNack))]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(Welcome))]
[JsonSerializable(typeof(GossipEnvelope))]
[JsonSerializable(typeof(GossipStatus))]
[JsonSerializable(typeof(ExitingConfirmed))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
