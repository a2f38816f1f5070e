using System.Diagnostics;
using System.Threading.Channels;
using Kane.Actor;
using static Kane.Benchmarks.Benches.BenchSupport;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// In-process throughput: N pairs of actors bounce messages, each pair keeping <c>--inflight</c> messages in flight,
/// counting ping and pong. The baseline is the same exchange over raw <see cref="Channel{T}"/> pairs with one task
/// loop per side, the practical limit of .NET message passing. Summary at the best pair count.
/// </summary>
internal static class PingPongBench
{
    private static readonly int[] DefaultPairCounts = [1, 2, 4, 8, 16, 32];
    private static readonly object Ball = new();

    public static async Task<int> Run(string[] args)
    {
        var messagesPerPair = IntOption(args, "messages", 2_000_000);
        var inflight = IntOption(args, "inflight", 50);
        var runs = IntOption(args, "runs", 5);
        var onlyPairs = IntOption(args, "pairs", 0);
        int[] pairCounts = onlyPairs > 0 ? [onlyPairs] : DefaultPairCounts;
        Machine();
        Console.WriteLine($"# pingpong: {messagesPerPair:N0} messages per pair (ping + pong), {inflight} in flight per pair, median of {runs} runs");
        Console.WriteLine("pairs        kane msg/s    baseline msg/s   ratio");
        double bestKane = 0, bestBaseline = 0;
        using var system = NewSystem("pingpong");
        foreach (var pairs in pairCounts)
        {
            var total = Math.Max(messagesPerPair / pairs * pairs, pairs);
            var perPair = total / pairs;
            // Warm up until tiered compilation has settled (later runs were measurably faster without this).
            for (var w = 0; w < 3; w++)
            {
                await Kane(system, pairs, perPair, inflight);
                await Baseline(pairs, perPair, inflight);
            }
            var kane = new List<double>();
            var baseline = new List<double>();
            var gen0Before = GC.CollectionCount(0);
            var pauseBefore = GC.GetTotalPauseDuration();
            for (var r = 0; r < runs; r++)
            {
                kane.Add(await Kane(system, pairs, perPair, inflight));
                baseline.Add(await Baseline(pairs, perPair, inflight));
            }
            Console.WriteLine($"# gen0 GCs during measured runs: {GC.CollectionCount(0) - gen0Before}, total pause {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:0} ms");
            var k = Median(kane);
            var b = Median(baseline);
            Console.WriteLine($"{pairs,5} {Fmt(k),17} {Fmt(b),17} {Fmt2(k / b),7}   runs kane [{string.Join(' ', kane.Select(x => Fmt(x / 1e6)))}]M baseline [{string.Join(' ', baseline.Select(x => Fmt(x / 1e6)))}]M threads={ThreadPool.ThreadCount}");
            bestKane = Math.Max(bestKane, k);
            bestBaseline = Math.Max(bestBaseline, b);
        }
        Console.WriteLine($"pingpong: kane={Fmt(bestKane)} baseline={Fmt(bestBaseline)} ratio={Fmt2(bestKane / bestBaseline)}");
        return 0;
    }

    private static async Task<double> Kane(ActorSystem system, int pairs, int perPair, int inflight)
    {
        var done = new Countdown(pairs);
        var actors = new List<IActorRef>();
        for (var p = 0; p < pairs; p++)
        {
            var ponger = system.ActorOf(Props.Create(() => new Ponger()));
            var pinger = system.ActorOf(Props.Create(() => new Pinger(ponger, perPair, inflight, done)));
            actors.Add(ponger);
            actors.Add(pinger);
        }
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        foreach (var a in actors) a.Tell(Start.Instance, ActorRefs.NoSender);
        await done.Task;
        var rate = pairs * (double)perPair / Seconds(start);
        foreach (var a in actors) system.Stop(a);
        return rate;
    }

    private static async Task<double> Baseline(int pairs, int perPair, int inflight)
    {
        GC.Collect();
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false };
        var loops = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        for (var p = 0; p < pairs; p++)
        {
            var toPonger = Channel.CreateUnbounded<object>(options);
            var toPinger = Channel.CreateUnbounded<object>(options);
            loops.Add(Task.Run(() => PongLoop(toPonger.Reader, toPinger.Writer)));
            loops.Add(Task.Run(() => PingLoop(toPinger.Reader, toPonger.Writer, perPair, inflight)));
        }
        await Task.WhenAll(loops);
        return pairs * (double)perPair / Seconds(start);
    }

    private static async Task PongLoop(ChannelReader<object> reader, ChannelWriter<object> writer)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
            while (reader.TryRead(out var m))
            {
                if (ReferenceEquals(m, Start.Instance)) { writer.TryComplete(); return; }
                writer.TryWrite(m);
            }
    }

    private static async Task PingLoop(ChannelReader<object> reader, ChannelWriter<object> writer, int perPair, int inflight)
    {
        // perPair counts pings and pongs: each round trip is two messages.
        var toSend = perPair / 2;
        var received = 0;
        var first = Math.Min(inflight, toSend);
        for (var i = 0; i < first; i++) writer.TryWrite(Ball);
        toSend -= first;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
            while (reader.TryRead(out _))
            {
                received++;
                if (toSend > 0) { toSend--; writer.TryWrite(Ball); }
                else if (received == perPair / 2) { writer.TryWrite(Start.Instance); return; }
            }
    }

    /// <summary>Completes a task when signalled n times; awaited, so no pool thread blocks while measuring.</summary>
    internal sealed class Countdown(int count)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = count;

        public Task Task => _done.Task;

        public void Signal()
        {
            if (Interlocked.Decrement(ref _left) == 0) _done.TrySetResult();
        }
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => ReceiveAny(m => { if (!ReferenceEquals(m, Start.Instance)) Sender.Tell(m, Self); });
    }

    private sealed class Pinger : ReceiveActor
    {
        private int _toSend;
        private int _received;

        public Pinger(IActorRef ponger, int perPair, int inflight, Countdown done)
        {
            var roundTrips = perPair / 2;
            Receive<Start>(_ =>
            {
                _toSend = roundTrips;
                var first = Math.Min(inflight, _toSend);
                for (var i = 0; i < first; i++) ponger.Tell(Ball, Self);
                _toSend -= first;
            });
            ReceiveAny(_ =>
            {
                _received++;
                if (_toSend > 0)
                {
                    _toSend--;
                    ponger.Tell(Ball, Self);
                }
                else if (_received == roundTrips) done.Signal();
            });
        }
    }
}
