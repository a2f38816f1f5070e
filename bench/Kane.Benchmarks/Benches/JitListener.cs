using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Diagnostic (<c>bench dedup --jit-stats</c>): counts the methods the JIT compiles in this process while
/// <see cref="Counting"/> is on, and the time from each method's JIT start to its load, by the namespace of its type
/// (the runtime's own events, in process). It slows what it watches a little; the figures it prints are for reading
/// where first-use time goes, not for the summary.
/// </summary>
internal sealed class JitListener : EventListener
{
    private const long JitKeyword = 0x10;
    private readonly ConcurrentDictionary<string, (int Methods, double Ms)> _byNamespace = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long Thread, long MethodId), DateTime> _started = new();
    private readonly ConcurrentBag<(string Method, double Ms)> _methods = [];

    public volatile bool Counting;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)JitKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Counting || e.Payload is null || e.PayloadNames is null) return;
        var methodId = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("MethodID")], System.Globalization.CultureInfo.InvariantCulture);
        if (e.EventName?.StartsWith("MethodJittingStarted", StringComparison.Ordinal) == true)
            _started[(e.OSThreadId, methodId)] = e.TimeStamp;
        else if (e.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) == true)
        {
            var ns = (string)e.Payload[e.PayloadNames.IndexOf("MethodNamespace")]!;
            var ms = _started.TryRemove((e.OSThreadId, methodId), out var start) ? (e.TimeStamp - start).TotalMilliseconds : 0;
            var key = Bucket(ns);
            var flags = e.PayloadNames.IndexOf("MethodFlags") is >= 0 and var f ? Convert.ToInt64(e.Payload[f], System.Globalization.CultureInfo.InvariantCulture) : 0;
            // MethodFlags bits 7-9: the optimization tier (1 MinOptJitted, 2 Optimized, 3 QuickJitted, 4 OptimizedTier1, 5 ReadyToRun...).
            _methods.Add(($"tier{(flags >> 7) & 7} " + ns + "::" + e.Payload[e.PayloadNames.IndexOf("MethodName")], ms));
            _byNamespace.AddOrUpdate(key, (1, ms), (_, v) => (v.Methods + 1, v.Ms + ms));
        }
    }

    /// <summary>Kane.X, System.Text.Json, System.Linq, ... : the first two dotted parts, three for System.Text.*.</summary>
    private static string Bucket(string type)
    {
        var name = type.Split('[', '`', '+')[0];
        var parts = name.Split('.');
        var n = parts.Length > 2 && parts[0] == "System" && parts[1] is "Text" or "Collections" or "Runtime" ? 3 : 2;
        return string.Join('.', parts.Take(Math.Min(n, Math.Max(1, parts.Length - 1))));
    }

    /// <summary>Every method jitted while counting, slowest first (<c>--jit-list</c>).</summary>
    public IEnumerable<string> Methods => _methods.OrderByDescending(m => m.Ms).Select(m => $"{m.Ms,8:0.0} ms {m.Method}");

    public string Report(int top)
    {
        var total = _byNamespace.Values.Aggregate((Methods: 0, Ms: 0.0), (a, v) => (a.Methods + v.Methods, a.Ms + v.Ms));
        return $"{total.Methods} methods jitted, {total.Ms:0} ms from JIT start to load; by namespace: " +
            string.Join(", ", _byNamespace.OrderByDescending(kv => kv.Value.Ms).Take(top).Select(kv => $"{kv.Key} {kv.Value.Methods}/{kv.Value.Ms:0}ms"));
    }
}
