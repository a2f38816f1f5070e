using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kane.Actor;
using Kane.Cluster;
using Kane.Remote;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Failure detection with the shipped defaults: three cluster members (this process observing, two Kane.Seed
/// processes); one of them is SIGKILLed <c>--kills</c> times (default 20) while CPU burners saturate every core,
/// restarted and rejoined in between. Reports kill → unreachable and kill → removed as seen by the observer, and
/// any member downed that was not killed. Baseline in the same run: <c>--idle-kills</c> (default 5) kills on an
/// idle machine; the ratio is loaded/idle removal p50.
/// </summary>
internal static class FailoverBench
{
    private const string Secret = "failover-bench";

    public static async Task<int> Run(string[] args)
    {
        var kills = BenchSupport.IntOption(args, "kills", 20);
        var idleKills = BenchSupport.IntOption(args, "idle-kills", 5);
        BenchSupport.Machine();
        var logDir = Directory.CreateTempSubdirectory("kane-failover-").FullName;
        var ports = new[] { FreePort(), FreePort(), FreePort() };
        var seed = $"127.0.0.1:{ports[0]}";
        var system = ActorSystem.Create("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = ports[0], Secret = Secret }));
        var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [system.Address] });
        var events = new ConcurrentQueue<(long At, IClusterDomainEvent Event)>();
        var clock = Stopwatch.StartNew();
        var recorder = system.ActorOf(Props.Create(() => new Recorder(events, clock)), "recorder");
        cluster.Subscribe(recorder, InitialStateMode.AsEvents, typeof(IClusterDomainEvent));
        var steady = StartSeed(ports[1], seed, logDir, "steady");
        SeedProc? victim = null;
        var burners = new List<Process>();
        var killed = new HashSet<long>();
        var problems = new List<string>();
        try
        {
            victim = StartSeed(ports[2], seed, logDir, "victim-0");
            await AwaitAllUp(cluster, 3, TimeSpan.FromSeconds(60));
            Console.WriteLine($"# defaults: heartbeat {cluster.Settings.FailureDetector.HeartbeatInterval.TotalMilliseconds}ms, pause {cluster.Settings.FailureDetector.AcceptableHeartbeatPause.TotalMilliseconds}ms, threshold {cluster.Settings.FailureDetector.Threshold}, stable-after {cluster.Settings.SplitBrainResolver!.StableAfter.TotalMilliseconds}ms");

            var idle = new List<(double Unreachable, double Removed)>();
            var loaded = new List<(double Unreachable, double Removed)>();
            for (var i = 0; i < idleKills + kills; i++)
            {
                var underLoad = i >= idleKills;
                if (underLoad && burners.Count == 0) burners = StartBurners(Environment.ProcessorCount);
                var uid = await AwaitMemberUp(cluster, ports[2], TimeSpan.FromSeconds(60));
                // The node serves a while before it dies, so the detectors watching it have a heartbeat history.
                await Task.Delay(TimeSpan.FromMilliseconds(2000 + Random.Shared.Next(1000)));
                killed.Add(uid);
                var victimNode = cluster.State.Members.First(m => m.UniqueAddress.Uid == uid).UniqueAddress;
                var history = cluster.Detectors.History(victimNode);
                var t0 = clock.ElapsedMilliseconds;
                victim!.Kill();
                var (unreachable, removed) = await AwaitFailover(events, uid, t0, TimeSpan.FromSeconds(60));
                if (removed is null) problems.Add($"kill {i + 1}: not removed within 60s");
                var sample = ((unreachable ?? 60_000) / 1000.0, (removed ?? 60_000) / 1000.0);
                (underLoad ? loaded : idle).Add(sample);
                Console.WriteLine($"# kill {i + 1}{(underLoad ? " (loaded)" : " (idle)")}: unreachable after {sample.Item1:0.00}s, removed after {sample.Item2:0.00}s (heartbeat history before the kill: mean {history.MeanMs:0}ms, sd {history.StdMs:0}ms, n {history.Samples})");
                victim = StartSeed(ports[2], seed, logDir, $"victim-{i + 1}");
            }
            var falseDowns = events.Count(e => e.Event is MemberDowned d && !killed.Contains(d.Member.UniqueAddress.Uid))
                + (steady.Process.HasExited ? 1 : 0);
            foreach (var e in events.Where(e => e.Event is MemberDowned d && !killed.Contains(d.Member.UniqueAddress.Uid)))
                problems.Add($"false down: {((MemberDowned)e.Event).Member.UniqueAddress} at {e.At}ms");
            foreach (var p in problems) Console.WriteLine($"PROBLEM: {p}");
            var removedLoaded = loaded.Select(s => s.Removed).Order().ToArray();
            var removedIdle = idle.Select(s => s.Removed).Order().ToArray();
            var unreachableLoaded = loaded.Select(s => s.Unreachable).Order().ToArray();
            var ratio = removedIdle.Length == 0 ? double.NaN : BenchSupport.Median(removedLoaded) / BenchSupport.Median(removedIdle);
            Console.WriteLine($"# idle baseline: removed_p50={BenchSupport.Fmt2(BenchSupport.Median(removedIdle))}s over {idle.Count} kills; logs in {logDir}");
            Console.WriteLine($"failover: unreachable_p50={BenchSupport.Fmt2(BenchSupport.Median(unreachableLoaded))} removed_p50={BenchSupport.Fmt2(BenchSupport.Median(removedLoaded))} " +
                $"removed_p99={BenchSupport.Fmt2(BenchSupport.Percentile(removedLoaded, 0.99))} false_downs={falseDowns} ratio_loaded_idle={BenchSupport.Fmt2(ratio)}");
            return problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var b in burners) Kill(b);
            victim?.Kill();
            steady.Kill();
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<(long? Unreachable, long? Removed)> AwaitFailover(ConcurrentQueue<(long At, IClusterDomainEvent Event)> events, long uid, long t0, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var unreachable = events.FirstOrDefault(e => e.At >= t0 && e.Event is UnreachableMember u && u.Member.UniqueAddress.Uid == uid);
            var removed = events.FirstOrDefault(e => e.At >= t0 && e.Event is MemberRemoved r && r.Member.UniqueAddress.Uid == uid);
            if (removed.Event is not null)
                return (unreachable.Event is null ? null : unreachable.At - t0, removed.At - t0);
            await Task.Delay(10);
        }
        return (null, null);
    }

    private static async Task AwaitAllUp(Kane.Cluster.Cluster cluster, int n, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (cluster.State.Members.Count(m => m.Status == MemberStatus.Up) < n || !cluster.State.Unreachable.IsEmpty)
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"cluster did not reach {n} members Up: {string.Join(", ", cluster.State.Members)}");
            await Task.Delay(50);
        }
    }

    private static async Task<long> AwaitMemberUp(Kane.Cluster.Cluster cluster, int port, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var m = cluster.State.Members.FirstOrDefault(m => m.Address.Port == port && m.Status == MemberStatus.Up);
            if (m is not null && cluster.State.Unreachable.IsEmpty && cluster.State.Members.All(x => x.Status == MemberStatus.Up)) return m.UniqueAddress.Uid;
            if (sw.Elapsed > timeout) throw new TimeoutException($"the restarted node on port {port} did not become Up: {string.Join(", ", cluster.State.Members)}");
            await Task.Delay(50);
        }
    }

    private static List<Process> StartBurners(int n) =>
        [.. Enumerable.Range(0, n).Select(_ => Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!)];

    private static SeedProc StartSeed(int port, string seed, string logDir, string name)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kane.Seed.dll"), "--hostname", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed, "--management-port", "0"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["KANE__REMOTE__SECRET"] = Secret;
        var process = Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(logDir, name + ".log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SeedProc(process);
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(); // SIGKILL
        }
        catch (InvalidOperationException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed record SeedProc(Process Process)
    {
        public void Kill() => FailoverBench.Kill(Process);
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<(long, IClusterDomainEvent)> events, Stopwatch clock) =>
            Receive<IClusterDomainEvent>(e => events.Enqueue((clock.ElapsedMilliseconds, e)));
    }
}
