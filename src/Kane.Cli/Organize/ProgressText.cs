using System.Globalization;
using Kane.Organize.Run;

namespace Kane.Cli.Organize;

/// <summary>The live display's text: one line per progress report, then one per node, for the terminal and for plain output.</summary>
internal static class ProgressText
{
    public static string Line(RunProgress p)
    {
        var job = p.Job?.Progress;
        var tasks = job is null ? "submitting" : $"tasks {job.Finished}/{job.Total}" + (job.Failed > 0 ? $" ({job.Failed} failed)" : "");
        var rate = job is null ? "" : $" | {Bytes((long)job.BytesPerSecond)}/s";
        var eta = job?.Eta is { } e ? $" | eta {e:hh\\:mm\\:ss}" : "";
        var secs = p.Elapsed / 1000.0;
        var files = secs > 0 ? $" | {p.Scanned / secs:N0} files/s" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Phase,-8} {tasks} | scanned {p.Scanned:N0} | hashed {p.Hashed:N0} | done {p.Moved:N0} | {Bytes(job?.Bytes ?? 0)}{rate}{files}{eta} | {TimeSpan.FromMilliseconds(p.Elapsed):hh\\:mm\\:ss}");
    }

    /// <summary>
    /// One node's share of the phase's job: <c>  node 127.0.0.1:4057 | agents 2/2 busy | in flight 1: hash-00000 | done 3 tasks
    /// | 3,000 file steps | 1,250 steps/s</c> (a step: one file scanned, hashed, categorised or moved by a task).
    /// </summary>
    public static string NodeLine(NodeActivity n) => string.Create(CultureInfo.InvariantCulture,
        $"  node {n.Node} | agents {n.BusyAgents}/{n.Agents} busy | {InFlight(n)} | done {n.Done} tasks{(n.Failed > 0 ? $" ({n.Failed} failed)" : "")} | {n.Files:N0} file steps | {n.FilesPerSecond:N0} steps/s");

    /// <summary><c>in flight 2: hash-00001, move-00000</c>, or <c>idle</c>.</summary>
    public static string InFlight(NodeActivity n) =>
        n.InFlight == 0 ? "idle" : $"in flight {n.InFlight}: {string.Join(", ", n.InFlightTasks)}{(n.InFlight > n.InFlightTasks.Count ? ", ..." : "")}";

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
