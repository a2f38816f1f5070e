using System.Text.Json;
using Kane.Cluster.Gossip;
using Kane.Cluster.Internal;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class ClusterWireSpec
{
    private static GossipState Rich() =>
        GossipOf(Member(1, roles: ["web", "db"]), Member(2, MemberStatus.Leaving), Member(3, MemberStatus.Joining), Member(4, MemberStatus.Down, uid: 44))
            .Remove(Node(5), 777)
            .Increment(Node(1)).Increment(Node(1)).Increment(Node(2))
            .MarkSeen(Node(1)).MarkSeen(Node(3))
            .WithUnreachable(Node(1), Node(4, 44)).WithUnreachable(Node(2), Node(3))
            .WithUnreachable(Node(3), Node(2)) is var g
            ? g with { Reachability = g.Reachability.Reachable(Node(3), Node(2)).Terminated(Node(1), Node(3)) }
            : throw new InvalidOperationException();

    private static void AssertSame(GossipState expected, GossipState actual)
    {
        Assert.Equal(expected.Members.Select(m => (m.UniqueAddress, m.Status, string.Join(",", m.Roles), m.AppVersion, m.UpNumber)),
            actual.Members.Select(m => (m.UniqueAddress, m.Status, string.Join(",", m.Roles), m.AppVersion, m.UpNumber)));
        Assert.True(expected.Seen.SetEquals(actual.Seen));
        Assert.Equal(ClockOrdering.Same, expected.Version.CompareTo(actual.Version));
        Assert.Equal(expected.Version.Versions, actual.Version.Versions);
        Assert.Equal(expected.Tombstones.OrderBy(t => t.Key), actual.Tombstones.OrderBy(t => t.Key));
        Assert.Equal(expected.Reachability.Records.OrderBy(r => r.Observer).ThenBy(r => r.Subject), actual.Reachability.Records.OrderBy(r => r.Observer).ThenBy(r => r.Subject));
        Assert.Equal(expected.Reachability.ByObserver.Select(o => (o.Key, o.Value.Version)), actual.Reachability.ByObserver.Select(o => (o.Key, o.Value.Version)));
    }

    [Fact]
    public void A_gossip_round_trips_through_the_wire_form_exactly()
    {
        var g = Rich();

        AssertSame(g, ClusterWire.FromWire(ClusterWire.ToWire(g)));
    }

    [Fact]
    public void A_gossip_round_trips_through_its_json_encoding()
    {
        var g = Rich();
        var json = JsonSerializer.Serialize(ClusterWire.ToWire(g), ClusterJsonContext.Default.WireGossip);

        AssertSame(g, ClusterWire.FromWire(JsonSerializer.Deserialize(json, ClusterJsonContext.Default.WireGossip)!));
    }

    [Fact]
    public void An_observer_whose_rows_were_all_cleared_keeps_its_version_on_the_wire()
    {
        var g = GossipOf(Member(1), Member(2)).WithUnreachable(Node(1), Node(2));
        g = g with { Reachability = g.Reachability.Reachable(Node(1), Node(2)) };

        var back = ClusterWire.FromWire(ClusterWire.ToWire(g));

        Assert.Equal(2, back.Reachability.ByObserver[Node(1)].Version);
        Assert.True(back.Reachability.IsAllReachable);
    }

    [Fact]
    public void The_empty_gossip_round_trips()
    {
        AssertSame(GossipState.Empty, ClusterWire.FromWire(ClusterWire.ToWire(GossipState.Empty)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(99)]
    public void A_member_pointing_at_a_node_index_the_gossip_does_not_carry_is_a_format_error(int index)
    {
        var w = ClusterWire.ToWire(Rich());
        w.Members[0] = w.Members[0] with { Node = index };

        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));
    }

    [Fact]
    public void Bad_indexes_in_seen_reachability_and_tombstones_are_format_errors()
    {
        Assert.Throws<FormatException>(() => ClusterWire.FromWire(ClusterWire.ToWire(Rich()) with { Seen = [42] }));
        var w = ClusterWire.ToWire(Rich());
        w.Reachability[0] = w.Reachability[0] with { Subject = 42 };
        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));
        w = ClusterWire.ToWire(Rich());
        w.Tombstones[0] = w.Tombstones[0] with { Node = 42 };
        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));
        w = ClusterWire.ToWire(Rich());
        w.ObserverVersions[0] = w.ObserverVersions[0] with { Observer = -3 };
        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));
    }

    [Fact]
    public void An_unknown_member_or_reachability_status_is_a_format_error()
    {
        var w = ClusterWire.ToWire(Rich());
        w.Members[1] = w.Members[1] with { Status = 17 };
        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));

        w = ClusterWire.ToWire(Rich());
        w.Reachability[0] = w.Reachability[0] with { Status = -1 };
        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));
    }

    [Fact]
    public void A_malformed_node_address_is_a_format_error()
    {
        var w = ClusterWire.ToWire(Rich());
        w.Nodes[0] = w.Nodes[0] with { Address = "nonsense" };

        Assert.Throws<FormatException>(() => ClusterWire.FromWire(w));
    }
}
