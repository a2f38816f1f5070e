using System.Diagnostics;
using Kane.Actor;
using Kane.Shutdown;

namespace Kane.Benchmarks.Benches;

/// <summary>Shared helpers: option parsing, medians, and a system without process hooks.</summary>
internal static class BenchSupport
{
    public static ActorSystem NewSystem(string name, ActorSystemSettings? settings = null) =>
        ActorSystem.Create(name, (settings ?? ActorSystemSettings.Default) with
        {
            CoordinatedShutdown = CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
        });

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
        Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    public static double Seconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
