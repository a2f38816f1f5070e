using System.Diagnostics;
using Kane.Actor;
using Kane.Shutdown;

namespace Kane.Benchmarks.Benches;

/// <summary>Shared helpers: option parsing, medians, and a system without process hooks.</summary>
internal static class BenchSupport
{
    /// <summary>Kind of the default dispatcher (<c>--dispatcher threadpool|forkjoin</c>), to compare them on one machine.</summary>
    public static DispatcherKind? DefaultDispatcher { get; set; }

    public static ActorSystem NewSystem(string name, ActorSystemSettings? settings = null)
    {
        settings ??= ActorSystemSettings.Default;
        if (DefaultDispatcher is { } kind)
            settings = settings with
            {
                Dispatchers = new Dictionary<string, DispatcherSettings>(settings.Dispatchers)
                {
                    [Props.DefaultDispatcherId] = new DispatcherSettings(kind, settings.Throughput),
                },
            };
        return ActorSystem.Create(name, settings with
        {
            CoordinatedShutdown = CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
        });
    }

    public static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Fmt(double v) => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Fmt2(double v) => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static void Machine() =>
        Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, GC latency mode {System.Runtime.GCSettings.LatencyMode}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    public static double Seconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
