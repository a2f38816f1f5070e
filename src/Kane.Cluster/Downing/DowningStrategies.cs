namespace Kane.Cluster.Downing;

/// <summary>The split brain resolver's strategies as pure functions of a partition view.</summary>
internal static class DowningStrategies
{
    /// <summary>The side with more than half the members survives; on a tie, the side holding the lowest address.</summary>
    public static DowningDecision KeepMajority(PartitionView view, string? role)
    {
        var reachable = view.ReachableWith(role);
        var unreachable = view.UnreachableWith(role);
        if (reachable.Count != unreachable.Count) return reachable.Count > unreachable.Count ? DowningDecision.DownUnreachable : DowningDecision.DownReachable;
        var lowest = reachable.Concat(unreachable).OrderBy(m => m.Address, AddressOrdering.Instance).FirstOrDefault()
            ?? view.Members.OrderBy(m => m.Address, AddressOrdering.Instance).FirstOrDefault();
        return lowest is not null && reachable.Contains(lowest) ? DowningDecision.DownUnreachable : DowningDecision.DownReachable;
    }

    /// <summary>
    /// This side survives when it holds at least <paramref name="quorumSize"/> members; with more than 2·quorum−1
    /// members the quorum can no longer tell the sides apart and everything is downed.
    /// </summary>
    public static DowningDecision StaticQuorum(PartitionView view, int quorumSize, string? role)
    {
        var reachable = view.ReachableWith(role);
        var total = reachable.Count + view.UnreachableWith(role).Count;
        if (total > quorumSize * 2 - 1) return DowningDecision.DownAll;
        return reachable.Count >= quorumSize ? DowningDecision.DownUnreachable : DowningDecision.DownReachable;
    }

    /// <summary>The side with the oldest member survives; an oldest member left alone downs itself when <paramref name="downIfAlone"/>.</summary>
    public static DowningDecision KeepOldest(PartitionView view, bool downIfAlone, string? role)
    {
        var reachable = view.ReachableWith(role);
        var unreachable = view.UnreachableWith(role);
        var oldest = reachable.Concat(unreachable).OrderBy(m => m, MemberAgeOrdering.Instance).FirstOrDefault();
        if (oldest is null) return DowningDecision.DownReachable;
        if (reachable.Contains(oldest))
            return downIfAlone && reachable.Count == 1 && unreachable.Count > 0 ? DowningDecision.DownReachable : DowningDecision.DownUnreachable;
        return downIfAlone && unreachable.Count == 1 && reachable.Count > 0 ? DowningDecision.DownUnreachable : DowningDecision.DownReachable;
    }

    /// <summary>Which nodes a decision downs, seen from this side. Indirectly connected nodes are downed on every decision.</summary>
    public static IReadOnlyCollection<UniqueAddress> NodesToDown(PartitionView view, DowningDecision decision)
    {
        var all = view.Members.Select(m => m.UniqueAddress);
        var downs = decision switch
        {
            DowningDecision.DownUnreachable => all.Where(n => view.Unreachable.Contains(n) || view.IndirectlyConnected.Contains(n)),
            DowningDecision.DownReachable => all.Where(n => !view.Unreachable.Contains(n) || view.IndirectlyConnected.Contains(n)),
            _ => all,
        };
        return downs.ToHashSet();
    }
}
