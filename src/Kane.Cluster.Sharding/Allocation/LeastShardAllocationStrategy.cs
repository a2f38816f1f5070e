using Kane.Actor;
using Kane.Cluster.Sharding.Internal;

namespace Kane.Cluster.Sharding.Allocation;

/// <summary>
/// Allocates a new shard to the region with the fewest shards, and rebalances in bounded rounds until every region
/// holds ⌈shards / regions⌉ or one less.
/// </summary>
/// <remarks>
/// <para>
/// <b>Allocation</b> prefers, in order: a region whose member is not Leaving, Exiting, Down or Removed (an unknown
/// member, <see cref="RegionEntry.Member"/> null, counts as staying); then the highest app version, so shards
/// move toward the new version during a rolling update; then the fewest shards; then the lowest region path, so
/// every coordinator decides the same way.
/// </para>
/// <para>
/// <b>Rebalance</b> returns at most max(1, min(⌊<see cref="RelativeLimit"/> × total shards⌋,
/// <see cref="AbsoluteLimit"/>)) shards per round, and nothing while a previous round is in progress, while the
/// cluster is unstable (a member joining or unreachable, mixed app versions) or while a region's member is not Up
/// (leaving regions are emptied by their graceful hand-off, not by rebalancing). Within a round, shards are taken
/// one at a time from the busiest region for the emptiest one while they differ by two or more, so a round never
/// moves a shard back and forth and repeated rounds end balanced. From a region, the highest shard ids (ordinal)
/// go first.
/// </para>
/// </remarks>
public sealed class LeastShardAllocationStrategy : IShardAllocationStrategy
{
    /// <param name="absoluteLimit">Most shards moved in one round (≥ 1).</param>
    /// <param name="relativeLimit">Most shards moved in one round, as a fraction of all shards (0 &lt; x ≤ 1).</param>
    public LeastShardAllocationStrategy(int absoluteLimit = 20, double relativeLimit = 0.1)
    {
        if (absoluteLimit < 1)
            throw new ArgumentOutOfRangeException(nameof(absoluteLimit), absoluteLimit, $"rebalance-absolute-limit must be at least 1 (got {absoluteLimit}).");
        if (!(relativeLimit > 0 && relativeLimit <= 1))
            throw new ArgumentOutOfRangeException(nameof(relativeLimit), relativeLimit, $"rebalance-relative-limit must be above 0 and at most 1 (got {relativeLimit}).");
        AbsoluteLimit = absoluteLimit;
        RelativeLimit = relativeLimit;
    }

    /// <summary>Most shards moved in one rebalance round.</summary>
    /// <value>20</value>
    public int AbsoluteLimit { get; }

    /// <summary>Most shards moved in one rebalance round, as a fraction of all shards.</summary>
    /// <value>0.1</value>
    public double RelativeLimit { get; }

    /// <exception cref="ArgumentException">There is no region to allocate to.</exception>
    public IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyList<RegionEntry> regions)
    {
        if (regions.Count == 0)
            throw new ArgumentException($"There is no region to allocate shard '{shardId}' to; the coordinator must wait for a region to register.", nameof(regions));
        var best = regions[0];
        for (var i = 1; i < regions.Count; i++)
            if (CompareSuitability(regions[i], best) < 0) best = regions[i];
        return best.Region;
    }

    public IReadOnlySet<string> Rebalance(IReadOnlyList<RegionEntry> regions, IReadOnlySet<string> rebalanceInProgress, ClusterView cluster)
    {
        if (rebalanceInProgress.Count > 0 || regions.Count < 2) return Empty;
        if (cluster.AnyMemberJoining || cluster.AnyMemberUnreachable || cluster.MixedAppVersions) return Empty;
        if (regions.Any(r => r.Member is { Status: not MemberStatus.Up })) return Empty;

        var total = regions.Sum(r => r.Shards.Length);
        if (total == 0) return Empty;
        var limit = MaxPerRound(total);

        // Simulate the moves: a shard leaves the busiest region and the coordinator then allocates it to the emptiest.
        var ordered = regions.OrderBy(r => r.Region).ToArray();
        var remaining = ordered.Select(r => r.Shards.Sort(StringComparer.Ordinal).ToList()).ToArray();
        var counts = remaining.Select(s => s.Count).ToArray();
        var moved = new HashSet<string>(StringComparer.Ordinal);
        while (moved.Count < limit)
        {
            var busiest = IndexOfExtreme(counts, busiest: true);
            var emptiest = IndexOfExtreme(counts, busiest: false);
            if (counts[busiest] - counts[emptiest] < 2) break;
            var shards = remaining[busiest];
            moved.Add(shards[^1]);
            shards.RemoveAt(shards.Count - 1);
            counts[busiest]--;
            counts[emptiest]++;
        }
        return moved;
    }

    /// <summary>How many shards one round may move when there are <paramref name="totalShards"/>.</summary>
    public int MaxPerRound(int totalShards) => Math.Max(1, Math.Min((int)(RelativeLimit * totalShards), AbsoluteLimit));

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    private static int IndexOfExtreme(int[] counts, bool busiest)
    {
        // Ties go to the first region in path order, for determinism.
        var index = 0;
        for (var i = 1; i < counts.Length; i++)
            if (busiest ? counts[i] > counts[index] : counts[i] < counts[index]) index = i;
        return index;
    }

    private static int CompareSuitability(RegionEntry a, RegionEntry b)
    {
        var c = IsLeaving(a).CompareTo(IsLeaving(b));
        if (c != 0) return c;
        c = -AppVersionComparer.Instance.Compare(a.Member?.AppVersion, b.Member?.AppVersion);
        if (c != 0) return c;
        c = a.Shards.Length.CompareTo(b.Shards.Length);
        return c != 0 ? c : a.Region.CompareTo(b.Region);
    }

    private static bool IsLeaving(RegionEntry r) =>
        r.Member is { Status: MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed };
}
