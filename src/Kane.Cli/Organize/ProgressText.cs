using System.Globalization;
using Kane.Organize.Run;

namespace Kane.Cli.Organize;

/// <summary>One line per progress report, for the live display and for plain output.</summary>
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
