namespace Kane.Cluster.Internal;

/// <summary>
/// Samples this node's load: machine CPU from /proc/stat between two samples (process CPU time where /proc is
/// missing), memory load from the GC's view of the machine or container, and the process working set.
/// </summary>
internal sealed class LoadSampler
{
    private (long Busy, long Total)? _lastProcStat;
    private (TimeSpan Cpu, long WallTicks)? _lastProcess;

    public NodeLoad Sample(long queueLength, long nowUnixMs)
    {
        var gc = GC.GetGCMemoryInfo();
        var memory = gc.TotalAvailableMemoryBytes > 0 ? 100.0 * gc.MemoryLoadBytes / gc.TotalAvailableMemoryBytes : 0;
        return new NodeLoad(Math.Round(SampleCpu(), 1), Math.Round(memory, 1), Environment.WorkingSet, queueLength, Environment.ProcessorCount, nowUnixMs);
    }

    private double SampleCpu()
    {
        if (ReadProcStat() is { } stat)
        {
            var last = _lastProcStat;
            _lastProcStat = stat;
            if (last is null || stat.Total <= last.Value.Total) return 0;
            return 100.0 * (stat.Busy - last.Value.Busy) / (stat.Total - last.Value.Total);
        }
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        var previous = _lastProcess;
        _lastProcess = (cpu, wall);
        if (previous is null || wall <= previous.Value.WallTicks) return 0;
        return Math.Clamp(100.0 * (cpu - previous.Value.Cpu).Ticks / ((wall - previous.Value.WallTicks) * (double)Environment.ProcessorCount), 0, 100);
    }

    private static (long Busy, long Total)? ReadProcStat()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return null;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            if (fields.Length < 4) return null;
            var total = fields.Take(8).Sum();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
