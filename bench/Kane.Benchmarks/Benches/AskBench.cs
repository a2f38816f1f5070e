using System.Diagnostics;
using System.Threading.Channels;
using Kane.Actor;
using Kane.Pattern;
using static Kane.Benchmarks.Benches.BenchSupport;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Request/response latency of one ask at a time against one echo actor. The baseline is the same round trip to a
/// task loop through a <see cref="Channel{T}"/>, completing a TaskCompletionSource per request.
/// </summary>
internal static class AskBench
{
    public static async Task<int> Run(string[] args)
    {
        var count = IntOption(args, "count", 300_000);
        Machine();
        using var system = NewSystem("ask");
        var echo = system.ActorOf(Props.Create(() => new Echo()));
        var timeout = TimeSpan.FromSeconds(5);
        for (var i = 0; i < 50_000; i++) await echo.Ask<object>(i, timeout);
        var kane = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await echo.Ask<object>(i, timeout);
            kane[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        var baseline = await Baseline(count);
        Array.Sort(kane);
        Array.Sort(baseline);
        Console.WriteLine($"# {count:N0} sequential asks; baseline (Channel + TaskCompletionSource round trip): p50_us={Fmt2(Percentile(baseline, 0.5))} p99_us={Fmt2(Percentile(baseline, 0.99))}; ratio kane/baseline p50={Fmt2(Percentile(kane, 0.5) / Percentile(baseline, 0.5))}");
        Console.WriteLine($"ask: p50_us={Fmt2(Percentile(kane, 0.5))} p99_us={Fmt2(Percentile(kane, 0.99))}");
        return 0;
    }

    private static async Task<double[]> Baseline(int count)
    {
        var requests = Channel.CreateUnbounded<(object, TaskCompletionSource<object>)>(new UnboundedChannelOptions { SingleReader = true });
        var server = Task.Run(async () =>
        {
            await foreach (var (message, reply) in requests.Reader.ReadAllAsync()) reply.TrySetResult(message);
        });
        async Task<object> Call(object m)
        {
            var tcs = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite((m, tcs));
            return await tcs.Task;
        }
        for (var i = 0; i < 50_000; i++) await Call(i);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await Call(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        requests.Writer.Complete();
        await server;
        return samples;
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }
}
