using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Diagnostic (<c>bench sharding --gc-log</c>): one line per garbage collection while <see cref="Recording"/> is on —
/// its generation, reason, pause and the heap's generation sizes after it — from the runtime's own events, in process.
/// For reading where the collector's time goes; not part of any summary.
/// </summary>
internal sealed class GcListener : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly ConcurrentQueue<string> _lines = new();
    private DateTime _suspended;
    private (int Gen, string Reason) _current;

    public volatile bool Recording;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, (EventKeywords)GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || e.Payload is null || e.PayloadNames is null) return;
        switch (e.EventName)
        {
            case { } n when n.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal):
                _suspended = e.TimeStamp;
                break;
            case { } n when n.StartsWith("GCStart", StringComparison.Ordinal):
                _current = (Int(e, "Depth"), Reason(Int(e, "Reason")));
                break;
            case { } n when n.StartsWith("GCHeapStats", StringComparison.Ordinal):
                _lines.Enqueue($"gen{_current.Gen} ({_current.Reason}): gen0 {Mb(e, "GenerationSize0")} MB, gen1 {Mb(e, "GenerationSize1")} MB, " +
                    $"gen2 {Mb(e, "GenerationSize2")} MB, loh {Mb(e, "GenerationSize3")} MB; promoted gen0 {Mb(e, "TotalPromotedSize0")} MB, gen1 {Mb(e, "TotalPromotedSize1")} MB");
                break;
            case { } n when n.StartsWith("GCRestartEEEnd", StringComparison.Ordinal):
                _lines.Enqueue($"  paused {(e.TimeStamp - _suspended).TotalMilliseconds:0} ms");
                break;
        }
    }

    public IEnumerable<string> Lines => _lines;

    private static int Int(EventWrittenEventArgs e, string name) =>
        Convert.ToInt32(e.Payload![e.PayloadNames!.IndexOf(name)], CultureInfo.InvariantCulture);

    private static string Mb(EventWrittenEventArgs e, string name) =>
        (Convert.ToDouble(e.Payload![e.PayloadNames!.IndexOf(name)], CultureInfo.InvariantCulture) / (1 << 20)).ToString("0", CultureInfo.InvariantCulture);

    private static string Reason(int reason) => reason switch
    {
        0 => "small allocation",
        1 => "induced",
        2 => "low memory",
        4 => "large allocation",
        6 => "induced, not forced",
        _ => "reason " + reason.ToString(CultureInfo.InvariantCulture),
    };
}
