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
    /// How many of <paramref name="freeSlots"/> may start a task at <paramref name="cpuPercent"/> (the machine's CPU
    /// not used by this process, see <see cref="OthersCpu"/>) and <paramref name="memoryPercent"/>. In the warning zone
    /// half of the free slots (rounded down) start. In either zone a node running nothing may start one task, so a
    /// machine kept busy by someone else slows a node down to one task at a time but never stalls its jobs; a closed
    /// node still reports that it is not accepting, so the coordinator sends new work elsewhere.
    /// </summary>
    public static GateDecision Decide(double cpuPercent, double memoryPercent, int freeSlots, int running, KaneAgentsSettings settings)
    {
        var free = Math.Max(0, freeSlots);
        if (cpuPercent > settings.GateCpuStop || memoryPercent > settings.GateMemoryStop)
            return new GateDecision(GateLevel.Closed, free > 0 && running == 0 ? 1 : 0, false);
        if (cpuPercent >= settings.GateCpuWarn || memoryPercent >= settings.GateMemoryWarn)
        {
            var half = free / 2;
            if (half == 0 && free > 0 && running == 0) half = 1;
            return new GateDecision(GateLevel.Warning, half, true);
        }
        return new GateDecision(GateLevel.Open, free, true);
    }

    /// <summary>The machine's CPU busy minus this process's share of it (both 0–100), never below zero.</summary>
    public static double OthersCpu(double machineCpuPercent, double processCpuPercent) => Math.Max(0, machineCpuPercent - processCpuPercent);
}
