namespace Kane.Actors.Internal;

/// <summary>How freely a node starts tasks, from its own CPU and memory use.</summary>
internal enum GateLevel
{
    /// <summary>Below both warn limits: every free slot may start a task.</summary>
    Open,
    /// <summary>Between a warn and a stop limit: half of the free slots.</summary>
    Warning,
    /// <summary>Above a stop limit: tasks are only queued, and the node reports it is not accepting.</summary>
    Closed,
}

/// <param name="Startable">Tasks that may start now.</param>
/// <param name="Accepting">False when the node should get no new tasks.</param>
internal readonly record struct GateDecision(GateLevel Level, int Startable, bool Accepting);

/// <summary>The resource gates (<c>kane.agents.resource-gates</c>) as a pure function.</summary>
internal static class ResourceGate
{
    /// <summary>
    /// How many of <paramref name="freeSlots"/> may start a task at <paramref name="cpuPercent"/> and
    /// <paramref name="memoryPercent"/>. In the warning zone half of the free slots (rounded down) start, but at
    /// least one when nothing runs, so that a one-slot node in the warning zone still makes progress.
    /// </summary>
    public static GateDecision Decide(double cpuPercent, double memoryPercent, int freeSlots, int running, KaneAgentsSettings settings)
    {
        var free = Math.Max(0, freeSlots);
        if (cpuPercent > settings.GateCpuStop || memoryPercent > settings.GateMemoryStop)
            return new GateDecision(GateLevel.Closed, 0, false);
        if (cpuPercent >= settings.GateCpuWarn || memoryPercent >= settings.GateMemoryWarn)
        {
            var half = free / 2;
            if (half == 0 && free > 0 && running == 0) half = 1;
            return new GateDecision(GateLevel.Warning, half, true);
        }
        return new GateDecision(GateLevel.Open, free, true);
    }
}
