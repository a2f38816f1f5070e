namespace Kane.Cluster;

/// <summary>
/// One node's load as it reported it with its heartbeats. <see cref="Score"/> combines the figures into one number
/// between 0 (idle) and 1 (saturated) for placement decisions.
/// </summary>
/// <param name="CpuPercent">Machine CPU busy over the last sample interval, 0–100.</param>
/// <param name="MemoryPercent">Memory in use on the machine (or container limit), 0–100.</param>
/// <param name="ProcessMemoryBytes">The process's working set.</param>
/// <param name="QueueLength">Work waiting on the node, as reported by the registered provider (0 when none).</param>
/// <param name="ProcessorCount">Cores the process may use.</param>
/// <param name="SampledAtUnixMs">When the node took the sample, by its own clock.</param>
public sealed record NodeLoad(double CpuPercent, double MemoryPercent, long ProcessMemoryBytes, long QueueLength, int ProcessorCount, long SampledAtUnixMs)
{
    public static readonly NodeLoad Idle = new(0, 0, 0, 0, Environment.ProcessorCount, 0);

    /// <summary>
    /// 0.5·CPU + 0.3·memory + 0.2·queue pressure, each as a fraction; queue pressure is queue length per core
    /// against 100 queued items per core, capped at 1.
    /// </summary>
    public double Score =>
        0.5 * Math.Clamp(CpuPercent / 100, 0, 1)
        + 0.3 * Math.Clamp(MemoryPercent / 100, 0, 1)
        + 0.2 * Math.Clamp(QueueLength / (100.0 * Math.Max(1, ProcessorCount)), 0, 1);
}
