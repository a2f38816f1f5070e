using System.Collections.Immutable;
using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cluster;
using Kane.Cluster.Sharding.Allocation;

namespace Kane.Actors.Tests;

public sealed class HomeNodeAllocationSpec
{
    private static readonly IReadOnlySet<string> NoneInProgress = new HashSet<string>();
    private readonly HomeNodeAllocationStrategy _strategy = new();

    private sealed class FakeRef(int port) : ActorRefBase
    {
        public override ActorPath Path { get; } = (ActorPath.Root(new Address("kane.tcp", "kane", "10.0.0.1", port)) / "system" / "sharding" / "kane-agent").WithUid(port);

        public override void Tell(object message, IActorRef? sender) { }
    }

    private static Member Member(int port, MemberStatus status) =>
        new(new UniqueAddress(new Address("kane.tcp", "kane", "10.0.0.1", port), port), status, ImmutableSortedSet<string>.Empty, "1.0.0", port);

    private static RegionEntry Region(int port, MemberStatus status = MemberStatus.Up, params string[] shards) => new(new FakeRef(port), Member(port, status), [.. shards]);

    private static string Home(int port) => $"10.0.0.1:{port}";

    [Fact]
    public void An_agent_shard_goes_to_the_region_on_its_home_node()
    {
        var regions = new[] { Region(1), Region(2, MemberStatus.Up, Home(1), Home(3)), Region(3) };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, Home(2), regions));
        Assert.Equal(regions[2].Region, _strategy.AllocateShard(regions[0].Region, Home(3), regions));
    }

    [Fact]
    public void A_shard_whose_home_is_not_a_member_goes_to_the_least_loaded_region()
    {
        var regions = new[] { Region(1, MemberStatus.Up, Home(1), Home(9)), Region(2, MemberStatus.Up, Home(2)), Region(3, MemberStatus.Leaving) };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, Home(7), regions));
    }

    [Fact]
    public void A_home_region_that_is_leaving_is_not_used()
    {
        var regions = new[] { Region(1, MemberStatus.Leaving), Region(2) };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, Home(1), regions));
    }

    [Fact]
    public void With_no_region_allocation_says_the_coordinator_must_wait() =>
        Assert.Contains("no region", Assert.Throws<ArgumentException>(() => _strategy.AllocateShard(new FakeRef(1), Home(1), [])).Message);

    [Fact]
    public void Rebalance_moves_a_shard_home_once_its_home_region_exists()
    {
        var regions = new[] { Region(1, MemberStatus.Up, Home(1), Home(2)), Region(2) };
        Assert.Equal([Home(2)], _strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable));
    }

    [Fact]
    public void Rebalance_leaves_shards_whose_home_is_absent_where_they_are_and_shards_at_home_alone()
    {
        var regions = new[] { Region(1, MemberStatus.Up, Home(1), Home(5)), Region(2, MemberStatus.Up, Home(2)) };
        Assert.Empty(_strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable));
    }

    [Fact]
    public void Rebalance_moves_nothing_while_a_member_joins_or_is_unreachable_or_the_home_is_not_up()
    {
        var regions = new[] { Region(1, MemberStatus.Up, Home(2)), Region(2) };
        Assert.Empty(_strategy.Rebalance(regions, NoneInProgress, new ClusterView(true, false, false)));
        Assert.Empty(_strategy.Rebalance(regions, NoneInProgress, new ClusterView(false, true, false)));
        Assert.Empty(_strategy.Rebalance(regions, new HashSet<string> { Home(2) }, ClusterView.Stable));
        var joining = new[] { Region(1, MemberStatus.Up, Home(2)), Region(2, MemberStatus.WeaklyUp) };
        Assert.Empty(_strategy.Rebalance(joining, NoneInProgress, ClusterView.Stable));
    }
}
