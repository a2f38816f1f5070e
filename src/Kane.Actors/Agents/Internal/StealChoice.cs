namespace Kane.Actors.Internal;

/// <summary>A peer node as the thief sees it: its not-started queue (from its heartbeat load reports) and its slots.</summary>
internal sealed record PeerQueue(NodeRef Node, long Queued, int Slots)
{
    public double PerSlot => (double)Queued / Math.Max(1, Slots);
}

/// <summary>Work stealing decisions as pure functions: whom to steal from, and what a victim gives up.</summary>
internal static class StealChoice
{
    /// <summary>
    /// The peer to steal from: the one with the largest queue per slot among those whose queue per slot is at least
    /// <paramref name="ratio"/> times ours (and above ours) and who have at least two queued tasks (half of one is
    /// nothing); ties go to the lowest node name. Null when no peer qualifies.
    /// </summary>
    public static PeerQueue? PickVictim(int ownQueued, int ownSlots, IEnumerable<PeerQueue> peers, double ratio)
    {
        var own = (double)ownQueued / Math.Max(1, ownSlots);
        PeerQueue? best = null;
        foreach (var p in peers)
        {
            if (p.Queued < 2 || p.PerSlot < ratio * own || p.PerSlot <= own) continue;
            if (best is null || p.PerSlot > best.PerSlot || (p.PerSlot == best.PerSlot && string.CompareOrdinal(p.Node.Node, best.Node.Node) < 0))
                best = p;
        }
        return best;
    }

    /// <summary>
    /// True when a thief can run <paramref name="task"/> whatever its capabilities: the task needs no capability and
    /// prefers no agent, and its handler here needs no capability (nodes are assumed to register the same types).
    /// Other tasks stay with the victim, which was chosen for them.
    /// </summary>
    public static bool IsPortable(KaneTask task, TaskHandlerRegistry handlers) =>
        task.Affinity.RequiredCapabilities.Count == 0 && task.Affinity.PreferredAgents.Count == 0
        && handlers.TryGet(task.Type, out var handler) && handler.Capabilities.Count == 0;

    /// <summary>How many of <paramref name="notStarted"/> queued tasks a victim gives a thief that asked for <paramref name="max"/>: up to half.</summary>
    public static int Count(int notStarted, int max) => Math.Max(0, Math.Min(max, notStarted / 2));

    /// <summary>
    /// The tasks a victim gives up: <see cref="Count"/> of them, lowest priority first, from its queue given in
    /// dispatch order (highest first), so the victim keeps its most urgent work.
    /// </summary>
    public static IReadOnlyList<T> Select<T>(IReadOnlyList<T> queueInDispatchOrder, int max)
    {
        var n = Count(queueInDispatchOrder.Count, max);
        var chosen = new List<T>(n);
        for (var i = queueInDispatchOrder.Count - 1; chosen.Count < n; i--) chosen.Add(queueInDispatchOrder[i]);
        return chosen;
    }
}
