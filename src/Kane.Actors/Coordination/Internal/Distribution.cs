namespace Kane.Actors.Internal;

/// <summary>What one distribution round decided: which queued tasks go to which node.</summary>
internal sealed record DistributionPlan(IReadOnlyList<(QueuedOffer Offer, NodeRef Node)> Assignments, int NextCursor);

/// <summary>
/// The cluster coordinator's placement decision, pure: given the ready tasks in dispatch order and the nodes, which
/// node gets which task under a <see cref="DistributionStrategy"/>. Every strategy only uses nodes that are reachable,
/// accepting, at or below the load threshold, below the node queue limit, have a handler for the task's type and
/// every capability its affinity requires. When no such node could run a task (whatever its queue), a reachable node
/// that is neither accepting nor under the threshold but runs and holds nothing gets it, one per round: otherwise a
/// machine busy with other work would close every node on it and stall the jobs.
/// </summary>
internal static class Distribution
{
    /// <param name="ready">Ready tasks, highest priority first.</param>
    /// <param name="cursor">Round-robin position carried from the previous round.</param>
    /// <param name="maxScan">Most tasks to look at when few can be placed (tasks no node can run stay queued).</param>
    public static DistributionPlan Plan(IEnumerable<QueuedOffer> ready, IReadOnlyList<NodeCandidate> nodes, DistributionStrategy strategy,
        int nodeQueueLimit, double loadThreshold, int cursor, Random random, int maxScan = 100_000)
    {
        var assignments = new List<(QueuedOffer, NodeRef)>();
        if (nodes.Count == 0) return new DistributionPlan(assignments, cursor);
        var open = new bool[nodes.Count];
        var willing = new bool[nodes.Count];
        var idleFallback = new bool[nodes.Count];
        var queued = new int[nodes.Count];
        var capacity = 0L;
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            queued[i] = n.Queued;
            willing[i] = n.Reachable && n.Accepting && n.LoadScore <= loadThreshold;
            open[i] = willing[i] && n.Queued < nodeQueueLimit;
            if (open[i]) capacity += nodeQueueLimit - n.Queued;
            // A machine kept busy by other work closes every node on it (resource gates, load score). A node running
            // and holding nothing still gets one task when no willing node can run it, as its gate still starts one:
            // a busy machine slows jobs to a task at a time per node, never stalls them.
            idleFallback[i] = n.Reachable && !willing[i] && n.Queued == 0 && n.Running == 0 && nodeQueueLimit > 0;
            if (idleFallback[i]) capacity++;
        }
        var scanned = 0;
        var eligible = new List<int>(nodes.Count);
        foreach (var offer in ready)
        {
            if (capacity <= 0 || scanned++ >= maxScan) break;
            eligible.Clear();
            var runnable = false;
            for (var i = 0; i < nodes.Count; i++)
            {
                if (!CanRun(nodes[i], offer.Task)) continue;
                runnable |= willing[i];
                if (open[i]) eligible.Add(i);
            }
            if (eligible.Count == 0)
            {
                if (runnable) continue;
                var idle = -1;
                for (var i = 0; i < nodes.Count && idle < 0; i++)
                    if (idleFallback[i] && CanRun(nodes[i], offer.Task)) idle = i;
                if (idle < 0) continue;
                idleFallback[idle] = false;
                assignments.Add((offer, nodes[idle].Node));
                queued[idle]++;
                capacity--;
                continue;
            }
            var pick = strategy switch
            {
                DistributionStrategy.RoundRobin => NextRoundRobin(eligible, nodes.Count, ref cursor),
                DistributionStrategy.Random => eligible[random.Next(eligible.Count)],
                DistributionStrategy.CapabilityBased => BestFit(eligible, nodes, queued, offer.Task),
                _ => LeastLoaded(eligible, nodes, queued),
            };
            assignments.Add((offer, nodes[pick].Node));
            queued[pick]++;
            capacity--;
            if (queued[pick] >= nodeQueueLimit) open[pick] = false;
        }
        return new DistributionPlan(assignments, cursor);
    }

    /// <summary>True when <paramref name="node"/> has a handler for the task's type and every capability it requires.</summary>
    public static bool CanRun(NodeCandidate node, KaneTask task) =>
        node.TaskTypes.Contains(task.Type) && task.Affinity.RequiredCapabilities.All(node.Capabilities.Contains);

    /// <summary>
    /// Tasks still queued at a node now: what it reported, plus what was sent since, less what it drains at its
    /// reported rate since the report. Lets the coordinator refill a fast node between its status reports instead of
    /// once per report (a node otherwise finishes at most node-queue-limit tasks per status-report-interval).
    /// </summary>
    public static int EstimatedQueued(int reported, int sentSinceReport, double tasksPerSecond, TimeSpan sinceReport)
    {
        var drained = tasksPerSecond > 0 && sinceReport > TimeSpan.Zero ? tasksPerSecond * sinceReport.TotalSeconds : 0;
        return (int)Math.Max(0, Math.Ceiling(reported + sentSinceReport - Math.Min(drained, int.MaxValue)));
    }

    /// <summary>The composite load: heartbeat load score plus work (queued and running) per slot.</summary>
    public static double Score(NodeCandidate node, int queued) => node.LoadScore + (double)(queued + node.Running) / Math.Max(1, node.Slots);

    private static int LeastLoaded(List<int> eligible, IReadOnlyList<NodeCandidate> nodes, int[] queued)
    {
        var best = eligible[0];
        for (var k = 1; k < eligible.Count; k++)
        {
            var i = eligible[k];
            if (Score(nodes[i], queued[i]) < Score(nodes[best], queued[best])) best = i;
        }
        return best;
    }

    /// <summary>The node whose capabilities fit the task most closely (fewest it does not need), then the least loaded.</summary>
    private static int BestFit(List<int> eligible, IReadOnlyList<NodeCandidate> nodes, int[] queued, KaneTask task)
    {
        var required = task.Affinity.RequiredCapabilities.Count;
        var best = eligible[0];
        for (var k = 1; k < eligible.Count; k++)
        {
            var i = eligible[k];
            var extra = nodes[i].Capabilities.Count - required;
            var bestExtra = nodes[best].Capabilities.Count - required;
            if (extra < bestExtra || (extra == bestExtra && Score(nodes[i], queued[i]) < Score(nodes[best], queued[best]))) best = i;
        }
        return best;
    }

    private static int NextRoundRobin(List<int> eligible, int count, ref int cursor)
    {
        for (var step = 0; step < count; step++)
        {
            var i = (cursor + step) % count;
            if (eligible.Contains(i))
            {
                cursor = (i + 1) % count;
                return i;
            }
        }
        return eligible[0];
    }

    /// <summary>The plan as messages to jobs: one <see cref="DispatchTasks"/> per (job, node) and at most <paramref name="batchSize"/> tasks each.</summary>
    public static List<DispatchTasks> Batches(IEnumerable<(QueuedOffer Offer, NodeRef Node)> assignments, int batchSize) =>
        [.. assignments.GroupBy(a => (a.Offer.JobId, a.Node))
            .SelectMany(g => g.Chunk(batchSize).Select(c => new DispatchTasks(g.Key.JobId, g.Key.Node, [.. c.Select(a => a.Offer.Attempt)])))];
}
