using System.Diagnostics;

namespace Kane.Actors.Internal;

/// <summary>
/// This process's share of the machine's CPU (0–100, over every core) between two samples. The resource gates
/// subtract it from the machine's figure: the node's own tasks are already bounded by its slots, and a gate that
/// counted them would shut a node that merely keeps its cores busy (a CPU-bound hash job runs at 100%).
/// </summary>
internal sealed class ProcessCpu
{
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private long _lastTicks = Stopwatch.GetTimestamp();

    /// <summary>The share since the previous call (the first call: since construction).</summary>
    public double Sample()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var ticks = Stopwatch.GetTimestamp();
        var wall = Stopwatch.GetElapsedTime(_lastTicks, ticks);
        var used = cpu - _lastCpu;
        _lastCpu = cpu;
        _lastTicks = ticks;
        return wall <= TimeSpan.Zero ? 0 : Math.Clamp(100 * used / (wall * Environment.ProcessorCount), 0, 100);
    }
}
