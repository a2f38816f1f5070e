using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kane.Actors;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// The worker processes of the multi-process benches: this bench dll started again with a node switch, joined to a
/// seed on loopback and sharing a journal; its output goes to a log file; it exits when its stdin closes.
/// </summary>
internal static class BenchProcesses
{
    /// <summary>The options every worker is started with; a bench's node entry reads them back with <see cref="BenchSupport"/>.</summary>
    public const string PortOption = "port", SeedOption = "seed", JournalOption = "journal";

    /// <summary>Starts <c>dotnet Kane.Benchmarks.dll BENCH SWITCH --port P --seed HOST:PORT --journal J [extra]</c>, logging to <paramref name="log"/>.</summary>
    public static Process StartWorker(string bench, string nodeSwitch, int port, string seed, string journal, string log, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kane.Benchmarks.dll"), bench, nodeSwitch,
            "--" + PortOption, port.ToString(CultureInfo.InvariantCulture), "--" + SeedOption, seed, "--" + JournalOption, journal, .. extra])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Closes every worker's stdin (it then leaves and exits) and kills one that has not exited after 10 s.</summary>
    public static void StopWorkers(IEnumerable<Process> workers)
    {
        foreach (var w in workers)
        {
            try
            {
                w.StandardInput.Close();
                if (!w.WaitForExit(10_000)) w.Kill();
            }
            catch (InvalidOperationException) { }
        }
    }

    /// <summary>Waits until the cluster's task stats list <paramref name="nodes"/> reachable worker nodes.</summary>
    public static async Task WaitForWorkers(KaneAgents agents, int nodes, TimeSpan timeout, string logs)
    {
        var sw = Stopwatch.StartNew();
        while ((await Safe(() => agents.GetTaskStatsAsync()))?.Nodes.Count(n => n.Reachable) != nodes)
        {
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"the {nodes} worker processes did not register within {timeout.TotalSeconds:0} s; logs in {logs}");
            await Task.Delay(100);
        }
    }

    /// <summary>The answer of <paramref name="ask"/>, or null when it timed out (the cluster is still forming).</summary>
    public static async Task<T?> Safe<T>(Func<Task<T>> ask) where T : class
    {
        try { return await ask(); }
        catch (TimeoutException) { return null; }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
