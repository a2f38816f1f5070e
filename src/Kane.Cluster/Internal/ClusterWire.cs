using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.Gossip;
using Kane.Remote.Serialization;

namespace Kane.Cluster.Internal;

/// <summary>Conversions between gossip values and wire records, and the serialization tags of cluster messages.</summary>
internal static class ClusterWire
{
    public static void Register(SerializationRegistry registry)
    {
        var c = ClusterJsonContext.Default;
        registry.AddJson("kane.cluster.init-join", c.InitJoin)
            .AddJson("kane.cluster.init-join-ack", c.InitJoinAck)
            .AddJson("kane.cluster.init-join-nack", c.InitJoinNack)
            .AddJson("kane.cluster.join", c.JoinRequest)
            .AddJson("kane.cluster.welcome", c.Welcome)
            .AddJson("kane.cluster.gossip", c.GossipEnvelope)
            .AddJson("kane.cluster.gossip-status", c.GossipStatus)
            .AddJson("kane.cluster.exiting-confirmed", c.ExitingConfirmed)
            .AddJson("kane.cluster.heartbeat", c.HeartbeatRequest)
            .AddJson("kane.cluster.heartbeat-rsp", c.HeartbeatResponse);
    }

    public static WireNode ToWire(UniqueAddress node) => new(node.Address.ToString(), node.Uid);

    public static UniqueAddress FromWire(WireNode node) => new(Address.Parse(node.Address), node.Uid);

    public static WireLoad ToWire(NodeLoad l) => new(l.CpuPercent, l.MemoryPercent, l.ProcessMemoryBytes, l.QueueLength, l.ProcessorCount, l.SampledAtUnixMs);

    public static NodeLoad FromWire(WireLoad l) => new(l.Cpu, l.Memory, l.ProcessMemory, l.Queue, l.Processors, l.SampledAt);

    public static WireGossip ToWire(GossipState g)
    {
        var nodes = new List<WireNode>();
        var index = new Dictionary<UniqueAddress, int>();
        int Idx(UniqueAddress n)
        {
            if (!index.TryGetValue(n, out var i))
            {
                index[n] = i = nodes.Count;
                nodes.Add(ToWire(n));
            }
            return i;
        }
        var members = g.Members.Select(m => new WireMember(Idx(m.UniqueAddress), (int)m.Status, [.. m.Roles], m.AppVersion, m.UpNumber)).ToArray();
        var seen = g.Seen.Select(Idx).ToArray();
        var rows = g.Reachability.Records.Select(r => new WireReachability(Idx(r.Observer), Idx(r.Subject), (int)r.Status, r.Version)).ToArray();
        var versions = g.Reachability.ByObserver.Select(o => new WireObserverVersion(Idx(o.Key), o.Value.Version)).ToArray();
        var tombstones = g.Tombstones.Select(t => new WireTombstone(Idx(t.Key), t.Value)).ToArray();
        return new WireGossip([.. nodes], members, seen, rows, versions, new Dictionary<string, long>(g.Version.Versions), tombstones);
    }

    /// <exception cref="FormatException">The gossip refers to a node index it does not carry or holds an unknown status.</exception>
    public static GossipState FromWire(WireGossip w)
    {
        var nodes = w.Nodes.Select(FromWire).ToArray();
        UniqueAddress N(int i) => i >= 0 && i < nodes.Length ? nodes[i] : throw new FormatException($"Gossip refers to node #{i} of {nodes.Length}.");
        var members = w.Members.Select(m => new Member(N(m.Node), Status<MemberStatus>(m.Status), m.Roles.ToImmutableSortedSet(StringComparer.Ordinal), m.AppVersion, m.UpNumber))
            .ToImmutableSortedSet(MemberByAddress.Instance);
        var reachability = Reachability.FromRecords(
            w.Reachability.Select(r => new ReachabilityRecord(N(r.Observer), N(r.Subject), Status<ReachabilityStatus>(r.Status), r.Version)),
            w.ObserverVersions.Select(v => KeyValuePair.Create(N(v.Observer), v.Version)));
        return new GossipState(members, w.Seen.Select(N).ToImmutableHashSet(), reachability, VectorClock.From(w.Version),
            w.Tombstones.ToImmutableDictionary(t => N(t.Node), t => t.RemovedAtMs));
    }

    private static T Status<T>(int value) where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new FormatException($"Unknown {typeof(T).Name} {value} in gossip.");
}
