using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.Gossip;

namespace Kane.Cluster.Tests;

/// <summary>Addresses, members and gossips for the pure protocol specs (no systems, no sockets).</summary>
internal static class TestNodes
{
    /// <summary>The incarnation at 127.0.0.1:<paramref name="port"/>; the uid defaults to the port so ring order is predictable.</summary>
    public static UniqueAddress Node(int port, long? uid = null) =>
        new(new Address("kane.tcp", "kane", "127.0.0.1", port), uid ?? port);

    public static Member Member(int port, MemberStatus status = MemberStatus.Up, int upNumber = int.MaxValue, long? uid = null, params string[] roles) =>
        new(Node(port, uid), status, roles.ToImmutableSortedSet(StringComparer.Ordinal), "1.0.0",
            status is MemberStatus.Joining or MemberStatus.WeaklyUp && upNumber == int.MaxValue ? int.MaxValue
            : upNumber == int.MaxValue ? port : upNumber);

    public static Member Member(UniqueAddress node, MemberStatus status, int upNumber = int.MaxValue, params string[] roles) =>
        new(node, status, roles.ToImmutableSortedSet(StringComparer.Ordinal), "1.0.0", upNumber);

    public static GossipState GossipOf(params Member[] members)
    {
        var g = GossipState.Empty;
        foreach (var m in members) g = g.Update(m);
        return g;
    }

    public static GossipState SeenByAll(this GossipState g)
    {
        foreach (var m in g.Members) g = g.MarkSeen(m.UniqueAddress);
        return g;
    }

    public static GossipState WithUnreachable(this GossipState g, UniqueAddress observer, params UniqueAddress[] subjects)
    {
        var r = g.Reachability;
        foreach (var s in subjects) r = r.Unreachable(observer, s);
        return g with { Reachability = r };
    }

    public static MembershipState State(this GossipState g, UniqueAddress self) => new(g, self);

    public static readonly IReadOnlySet<UniqueAddress> NoneConfirmed = new HashSet<UniqueAddress>();

    public static readonly IReadOnlyDictionary<string, int> NoRoleMinimums = new Dictionary<string, int>();
}
