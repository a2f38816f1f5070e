namespace Kane.Cluster.FailureDetection;

/// <summary>
/// Nodes on a ring ordered by their random uid (then address), so every node agrees on it and the monitoring
/// load spreads evenly. Each node heartbeats the next <c>monitoredBy</c> reachable nodes after it, plus the
/// unreachable ones passed on the way (so an unreachable node keeps being probed and can come back).
/// </summary>
internal static class HeartbeatNodeRing
{
    public static IReadOnlyList<UniqueAddress> Receivers(UniqueAddress self, IEnumerable<UniqueAddress> nodes, IReadOnlySet<UniqueAddress> unreachable, int monitoredBy)
    {
        var ring = nodes.Append(self).Distinct().OrderBy(n => n.Uid).ThenBy(n => n, Comparer<UniqueAddress>.Default).ToList();
        var start = ring.IndexOf(self);
        var result = new List<UniqueAddress>();
        int reachableTaken = 0, unreachableTaken = 0;
        for (var i = 1; i < ring.Count && reachableTaken < monitoredBy; i++)
        {
            var node = ring[(start + i) % ring.Count];
            if (unreachable.Contains(node))
            {
                if (unreachableTaken++ < monitoredBy) result.Add(node);
            }
            else
            {
                result.Add(node);
                reachableTaken++;
            }
        }
        return result;
    }
}
