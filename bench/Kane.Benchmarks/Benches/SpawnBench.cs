using System.Diagnostics;
using Kane.Actor;
using static Kane.Benchmarks.Benches.BenchSupport;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Spawn rate: a Skynet tree (each node spawns 10 children down to 1,000,000 leaves; leaves report their number, nodes
/// sum and stop), counting all 1,111,111 actors. Then retained heap: 1,000,000 idle actors kept alive, measured by a
/// forced full compacting GC before and after.
/// </summary>
internal static class SpawnBench
{
    public static async Task<int> Run(string[] args)
    {
        var runs = IntOption(args, "runs", 5);
        var idle = IntOption(args, "idle", 1_000_000);
        Machine();
        using var system = NewSystem("spawn");
        await Skynet(system);
        var rates = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gen0 = GC.CollectionCount(0);
            var gen2 = GC.CollectionCount(2);
            var pause = GC.GetTotalPauseDuration();
            var rate = await Skynet(system);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            rates.Add(rate);
            Console.WriteLine($"# skynet run {r + 1}: {Fmt(rate)} actors/s, {Fmt(allocated / 1_111_111.0)} bytes allocated per actor, GCs gen0 {GC.CollectionCount(0) - gen0} gen2 {GC.CollectionCount(2) - gen2}, pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms");
        }
        var bytes = await RetainedBytes(system, idle);
        Console.WriteLine($"# {idle:N0} idle actors retain {Fmt(bytes)} bytes each (LocalActorRef, ActorPath, ActorCell, Mailbox, actor instance, parent's child entry)");
        Console.WriteLine($"spawn: actors_per_s={Fmt(Median(rates))} bytes_per_actor={Fmt(bytes)}");
        return 0;
    }

    private static async Task<double> Skynet(ActorSystem system)
    {
        const long leaves = 1_000_000;
        const long actors = 1_111_111;
        var result = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        system.ActorOf(Props.Create(() => new SkynetNode(result, 0, leaves)));
        var sum = await result.Task;
        var seconds = Seconds(start);
        if (sum != leaves * (leaves - 1) / 2) throw new InvalidOperationException($"Skynet sum {sum} is wrong");
        return actors / seconds;
    }

    private static async Task<double> RetainedBytes(ActorSystem system, int count)
    {
        var parent = system.ActorOf(Props.Create(() => new IdleParent()), "idle-parent");
        await Task.Delay(100);
        var before = FullGc();
        var started = new PingPongBench.Countdown(count);
        parent.Tell(new SpawnIdle(count, started), ActorRefs.NoSender);
        await started.Task;
        await Task.Delay(200);
        var after = FullGc();
        GC.KeepAlive(parent);
        system.Stop(parent);
        return (after - before) / (double)count;
    }

    private static long FullGc()
    {
        for (var i = 0; i < 3; i++)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed record SpawnIdle(int Count, PingPongBench.Countdown Started);

    private sealed class IdleParent : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is not SpawnIdle spawn) return;
            var props = Props.Create(() => new IdleActor(spawn.Started));
            for (var i = 0; i < spawn.Count; i++) Context.ActorOf(props);
        }
    }

    private sealed class IdleActor(PingPongBench.Countdown started) : UntypedActor
    {
        protected override void PreStart() => started.Signal();

        protected override void OnReceive(object message) { }
    }

    private sealed class SkynetNode(TaskCompletionSource<long> result, long number, long size) : UntypedActor
    {
        private int _pending;
        private long _sum;

        protected override void PreStart()
        {
            if (size == 1)
            {
                Report(number);
                return;
            }
            var childSize = size / 10;
            _pending = 10;
            for (var i = 0; i < 10; i++)
            {
                var childNumber = number + i * childSize;
                Context.ActorOf(Props.Create(() => new SkynetNode(result, childNumber, childSize)));
            }
        }

        protected override void OnReceive(object message)
        {
            _sum += (long)message;
            if (--_pending == 0) Report(_sum);
        }

        private void Report(long value)
        {
            if (number == 0 && size == 1_000_000) result.TrySetResult(value);
            else Context.Parent.Tell(value, Self);
            Context.Stop(Self);
        }
    }
}
