using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.Sharding.Allocation;
using static Kane.Cluster.Sharding.Tests.Fakes;

namespace Kane.Cluster.Sharding.Tests;

public sealed class LeastShardAllocationStrategySpec
{
    private static readonly IReadOnlySet<string> NoneInProgress = new HashSet<string>();
    private readonly LeastShardAllocationStrategy _strategy = new();

    [Fact]
    public void A_new_shard_goes_to_the_region_with_the_fewest_shards()
    {
        var regions = new[] { Region(1, Shards(0, 3)), Region(2, Shards(3, 1)), Region(3, Shards(4, 2)) };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, "new", regions));
    }

    [Fact]
    public void Ties_go_to_the_lowest_region_path_whatever_the_input_order()
    {
        var regions = new[] { Region(3, []), Region(1, []), Region(2, []) };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, "new", regions));
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, "new", regions.Reverse().ToArray()));
    }

    [Theory]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Exiting)]
    [InlineData(MemberStatus.Down)]
    public void A_region_on_a_departing_member_is_avoided_even_when_emptiest(MemberStatus status)
    {
        var regions = new[] { Region(1, [], status), Region(2, Shards(0, 5)) };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, "new", regions));
    }

    [Fact]
    public void A_departing_region_is_still_used_when_it_is_the_only_one()
    {
        var regions = new[] { Region(1, [], MemberStatus.Leaving) };
        Assert.Equal(regions[0].Region, _strategy.AllocateShard(regions[0].Region, "new", regions));
    }

    [Fact]
    public void The_highest_app_version_wins_over_fewer_shards()
    {
        var regions = new[] { Region(1, [], version: "1.9.0"), Region(2, Shards(0, 4), version: "1.10.0"), Region(3, [], version: "1.10.0-rc1") };
        Assert.Equal(regions[1].Region, _strategy.AllocateShard(regions[0].Region, "new", regions));
    }

    [Fact]
    public void With_no_region_allocation_says_the_coordinator_must_wait()
    {
        var e = Assert.Throws<ArgumentException>(() => _strategy.AllocateShard(new FakeRef("r"), "s1", []));
        Assert.Contains("no region", e.Message);
    }

    [Fact]
    public void Many_allocations_spread_evenly()
    {
        var held = Enumerable.Range(1, 7).ToDictionary(p => p, _ => new List<string>());
        for (var i = 0; i < 100; i++)
        {
            var regions = held.Select(kv => Region(kv.Key, kv.Value)).ToArray();
            var chosen = _strategy.AllocateShard(regions[0].Region, $"s{i}", regions);
            held[chosen.Path.Uid].Add($"s{i}");
        }
        Assert.All(held.Values, v => Assert.InRange(v.Count, 14, 15));
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0.0)]
    [InlineData(5, 1.5)]
    [InlineData(5, double.NaN)]
    public void Limits_out_of_range_are_refused(int absolute, double relative)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeastShardAllocationStrategy(absolute, relative));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(10, 1)]
    [InlineData(100, 10)]
    [InlineData(1000, 20)]
    public void A_round_moves_at_most_the_smaller_limit_and_at_least_one(int total, int expected)
    {
        Assert.Equal(expected, _strategy.MaxPerRound(total));
    }

    [Fact]
    public void Rebalance_takes_the_surplus_from_the_busiest_region_up_to_the_relative_limit()
    {
        // 100 shards on one region, none on the other: 10 % of 100 = 10 per round.
        var regions = new[] { Region(1, Shards(0, 100)), Region(2, []) };
        var moved = _strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable);
        Assert.Equal(10, moved.Count);
        Assert.Equal(Shards(90, 10).ToHashSet(), moved.ToHashSet());
    }

    [Fact]
    public void Rebalance_respects_the_absolute_limit()
    {
        var strategy = new LeastShardAllocationStrategy(absoluteLimit: 3, relativeLimit: 1.0);
        var regions = new[] { Region(1, Shards(0, 40)), Region(2, []) };
        Assert.Equal(3, strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable).Count);
    }

    [Fact]
    public void Rebalance_moves_only_what_evens_the_regions()
    {
        var strategy = new LeastShardAllocationStrategy(absoluteLimit: 100, relativeLimit: 1.0);
        // 12 + 10 + 2 = 24 shards, target 8: 4 from the first, 2 from the second.
        var regions = new[] { Region(1, Shards(0, 12)), Region(2, Shards(12, 10)), Region(3, Shards(22, 2)) };
        var moved = strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable);
        Assert.Equal(6, moved.Count);
        Assert.Equal(4, moved.Count(s => regions[0].Shards.Contains(s)));
        Assert.Equal(2, moved.Count(s => regions[1].Shards.Contains(s)));
    }

    [Theory]
    [InlineData(4, 4, 3)]
    [InlineData(5, 4, 4)]
    [InlineData(1, 0, 1)]
    public void Regions_within_one_shard_of_each_other_are_left_alone(int a, int b, int c)
    {
        var regions = new[] { Region(1, Shards(0, a)), Region(2, Shards(100, b)), Region(3, Shards(200, c)) };
        Assert.Empty(_strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable));
    }

    [Fact]
    public void Nothing_new_is_moved_while_a_round_is_in_progress()
    {
        var regions = new[] { Region(1, Shards(0, 50)), Region(2, []) };
        Assert.Empty(_strategy.Rebalance(regions, new HashSet<string> { "s049" }, ClusterView.Stable));
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Nothing_is_moved_while_the_cluster_is_unstable(bool joining, bool unreachable, bool mixed)
    {
        var regions = new[] { Region(1, Shards(0, 50)), Region(2, []) };
        Assert.Empty(_strategy.Rebalance(regions, NoneInProgress, new ClusterView(joining, unreachable, mixed)));
    }

    [Fact]
    public void Nothing_is_moved_while_a_region_member_is_leaving()
    {
        var regions = new[] { Region(1, Shards(0, 50)), Region(2, []), Region(3, [], MemberStatus.Leaving) };
        Assert.Empty(_strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable));
    }

    [Fact]
    public void A_new_empty_region_receives_shards_over_rounds_until_balanced()
    {
        var held = new Dictionary<int, List<string>>
        {
            [1] = [.. Shards(0, 34)], [2] = [.. Shards(34, 33)], [3] = [.. Shards(67, 33)], [4] = [],
        };
        var rounds = 0;
        while (true)
        {
            var regions = held.Select(kv => Region(kv.Key, kv.Value)).ToArray();
            var moved = _strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable);
            if (moved.Count == 0) break;
            Assert.True(moved.Count <= 10, $"round {rounds} moved {moved.Count}");
            rounds++;
            Assert.True(rounds < 20, "rebalancing did not settle");
            // The hand-off: the shards leave their regions, then the coordinator allocates each again.
            foreach (var list in held.Values) list.RemoveAll(moved.Contains);
            foreach (var shard in moved.Order(StringComparer.Ordinal))
            {
                var now = held.Select(kv => Region(kv.Key, kv.Value)).ToArray();
                held[_strategy.AllocateShard(now[0].Region, shard, now).Path.Uid].Add(shard);
            }
        }
        Assert.True(rounds >= 3, $"expected several bounded rounds, got {rounds}");
        Assert.All(held.Values, v => Assert.InRange(v.Count, 25, 25));
        Assert.Equal(100, held.Values.Sum(v => v.Count));
    }

    [Fact]
    public void The_same_input_gives_the_same_shards()
    {
        var regions = new[] { Region(2, Shards(0, 30)), Region(1, Shards(30, 30)), Region(3, []) };
        var first = _strategy.Rebalance(regions, NoneInProgress, ClusterView.Stable);
        var second = _strategy.Rebalance(regions.Reverse().ToArray(), NoneInProgress, ClusterView.Stable);
        Assert.Equal(first.Order(), second.Order());
        Assert.Equal(6, first.Count);
    }
}
