using System.Diagnostics;
using Kane.Actor;
using Kane.Cluster;
using Kane.Cluster.Sharding;
using Kane.Persistence;
using Kane.Persistence.Serialization;
using Kane.Persistence.Sql;
using Kane.Remote;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Sharding on one node (a one-member cluster): activating <c>--entities</c> (1,000,000) plain entities and
/// <c>--persistent</c> (100,000) event-sourced ones on a SQLite journal through the region, the retained bytes per idle
/// plain entity, and message throughput to 1,000 entities through the region against direct actor refs to the same
/// actors (the baseline in the same run). <c>./build.sh bench sharding</c> runs it under Kane.Node's GC (server, with
/// background collections; the bench project's own default is workstation without them).
/// </summary>
internal static class ShardingBench
{
    // Alternating samples of each path. With three, the direct baseline's median swung between 15M and 23M msg/s from
    // run to run on a quiet machine; a median of five is less at the mercy of one disturbed sample.
    private const int Rounds = 5;

    public static async Task<int> Run(string[] args)
    {
        var entities = BenchSupport.IntOption(args, "entities", 1_000_000);
        var persistent = BenchSupport.IntOption(args, "persistent", 100_000);
        var messages = BenchSupport.IntOption(args, "messages", 2_000_000);
        BenchSupport.Machine();
        var dir = Directory.CreateTempSubdirectory("kane-sharding-bench-").FullName;
        var system = BenchSupport.NewSystem("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = 0, Secret = "bench" }));
        try
        {
            SqlPersistence.Install(system, "sqlite:" + Path.Combine(dir, "journal.db"), new EventSerializerRegistry().Register<Touched>("bench-touched"));
            var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [system.Address] });
            await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(30));
            var sharding = ClusterSharding.Get(system);
            var settings = ClusterShardingSettings.FromConfig(system.Settings.Config) with { PassivateIdleEntityAfter = TimeSpan.Zero };

            // Plain activations: one message per entity id through the region; each entity counts its start.
            var started = new Counter();
            var plain = sharding.Start("plain", _ => Props.Create(() => new Plain(started)), settings, new ShardEnvelopeExtractor(1000));
            await Activate(plain, "warm", 10_000, started); // JIT, shards allocated
            started.Reset();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var gcBefore = GcSnapshot.Take();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            using var gcLog = args.Contains("--gc-log") ? new GcListener { Recording = true } : null;
            var sw = Stopwatch.StartNew();
            await Activate(plain, "e", entities, started);
            if (gcLog is not null)
            {
                gcLog.Recording = false;
                foreach (var line in gcLog.Lines) Console.WriteLine("# gc: " + line);
            }
            var activationSeconds = sw.Elapsed.TotalSeconds;
            var activationCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var gc = GcSnapshot.Take() - gcBefore;
            var activationsPerS = entities / activationSeconds;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            var bytesPerEntity = (after - before) / (double)entities;
            Console.WriteLine($"# plain: {entities} entities in {activationSeconds:0.00}s, {bytesPerEntity:0} bytes each retained");
            Console.WriteLine($"# plain: {gc.AllocatedBytes / (double)entities:0} bytes allocated per activation; GC during activation: {gc.Gen0} gen0, {gc.Gen1} gen1, {gc.Gen2} gen2, {gc.Pause.TotalMilliseconds:0} ms paused; " +
                $"process CPU {activationCpu.TotalSeconds:0.00}s ({activationCpu.TotalMilliseconds * 1000 / entities:0.0} us per activation)");

            // Event-sourced activations: each entity recovers (empty journal) and persists one event.
            var recovered = new Counter();
            var es = sharding.Start("persistent", id => Props.Create(() => new Persistent(id, recovered)), settings, new ShardEnvelopeExtractor(1000));
            sw.Restart();
            await Activate(es, "p", persistent, recovered);
            var persistentSeconds = sw.Elapsed.TotalSeconds;
            var persistentPerS = persistent / persistentSeconds;
            Console.WriteLine($"# persistent: {persistent} entities recovered and persisted one event each in {persistentSeconds:0.00}s");

            // Throughput: 1,000 entities, through the region vs direct refs to actors of the same kind.
            var received = new Counter();
            var hot = sharding.Start("hot", _ => Props.Create(() => new Sink(received)), settings, new ShardEnvelopeExtractor(100));
            var ids = Enumerable.Range(0, 1000).Select(i => "h" + i).ToArray();
            var envelopes = ids.Select(id => new ShardEnvelope(id, 1)).ToArray();
            // Warm-up: every entity started and every shard's home known, so no message waits in the region's buffer.
            await Throughput(received, envelopes.Length, i => hot.Tell(envelopes[i]));
            var direct = ids.Select(_ => system.ActorOf(Props.Create(() => new Sink(received)))).ToArray();
            await Throughput(received, direct.Length, i => direct[i].Tell(1));
            Action<int> viaRegion = i => hot.Tell(envelopes[i % envelopes.Length]);
            Action<int> viaDirect = i => direct[i % direct.Length].Tell(1);
            // One unmeasured full-size run of each path first, so that neither is measured while the code they share
            // (mailbox, cell, the entities' handler) is still being tiered up by the JIT (whichever ran first paid for
            // it); then the samples alternate, so that a change in the machine's load falls on both.
            await Throughput(received, messages, viaRegion);
            await Throughput(received, messages, viaDirect);
            var regionSamples = new List<double>();
            var directSamples = new List<double>();
            var regionCost = default(PhaseCost);
            var directCost = default(PhaseCost);
            var regionSend = new List<double>();
            var directSend = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                regionCost += await PhaseCost.Measure(async () => regionSamples.Add(await Throughput(received, messages, viaRegion)));
                regionSend.Add(LastSendLoop.TotalMilliseconds * 1e6 / messages);
                directCost += await PhaseCost.Measure(async () => directSamples.Add(await Throughput(received, messages, viaDirect)));
                directSend.Add(LastSendLoop.TotalMilliseconds * 1e6 / messages);
            }
            var region = BenchSupport.Median(regionSamples);
            var baseline = BenchSupport.Median(directSamples);
            Console.WriteLine($"# region {BenchSupport.Fmt(region)} msg/s, direct {BenchSupport.Fmt(baseline)} msg/s ({messages} messages to 1000 entities, medians of {Rounds}, alternating, after one unmeasured run of each)");
            Console.WriteLine($"# GC during the {Rounds} region samples: {regionCost.Gc.Gen0}/{regionCost.Gc.Gen1}/{regionCost.Gc.Gen2} (gen0/1/2), {regionCost.Gc.Pause.TotalMilliseconds:0} ms paused; " +
                $"during the {Rounds} direct samples: {directCost.Gc.Gen0}/{directCost.Gc.Gen1}/{directCost.Gc.Gen2}, {directCost.Gc.Pause.TotalMilliseconds:0} ms paused");
            Console.WriteLine($"# sender thread's CPU per tell (medians): region {BenchSupport.Median(regionSend):0} ns, direct {BenchSupport.Median(directSend):0} ns");
            Console.WriteLine($"# process CPU per message: region {regionCost.Cpu.TotalMilliseconds * 1e6 / ((double)Rounds * messages):0} ns, direct {directCost.Cpu.TotalMilliseconds * 1e6 / ((double)Rounds * messages):0} ns");
            Console.WriteLine($"sharding: activations_per_s={BenchSupport.Fmt(activationsPerS)} persistent_activations_per_s={BenchSupport.Fmt(persistentPerS)} " +
                $"bytes_per_entity={BenchSupport.Fmt(bytesPerEntity)} region_throughput={BenchSupport.Fmt(region)} ratio={BenchSupport.Fmt2(region / baseline)}");
            return 0;
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(60));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task Activate(IActorRef region, string prefix, int count, Counter counter)
    {
        var target = counter.Value + count;
        for (var i = 0; i < count; i++)
        {
            region.Tell(new ShardEnvelope(prefix + i, 1));
            // Keep the region's buffers (kane.cluster.sharding.buffer-size) from overflowing before the shards start.
            if (i % 50_000 == 49_999) await counter.AtLeast(target - count + i - 50_000, TimeSpan.FromMinutes(2));
        }
        await counter.AtLeast(target, TimeSpan.FromMinutes(5));
    }

    /// <summary>The CPU time the last <see cref="Throughput"/> run's sender thread took to tell every message (its own cost, whatever the machine's load).</summary>
    private static TimeSpan LastSendLoop;

    private static async Task<double> Throughput(Counter received, int messages, Action<int> send)
    {
        var target = received.Value + messages;
        var sw = Stopwatch.StartNew();
        var cpu = ThreadCpu.Now();
        for (var i = 0; i < messages; i++) send(i);
        LastSendLoop = ThreadCpu.Now() - cpu;
        await received.AtLeast(target, TimeSpan.FromMinutes(2));
        return messages / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Process CPU time and GC work of one or more measured phases.</summary>
    private readonly record struct PhaseCost(TimeSpan Cpu, GcSnapshot Gc)
    {
        public static async Task<PhaseCost> Measure(Func<Task> phase)
        {
            var gc = GcSnapshot.Take();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await phase();
            return new PhaseCost(Process.GetCurrentProcess().TotalProcessorTime - cpu, GcSnapshot.Take() - gc);
        }

        public static PhaseCost operator +(PhaseCost a, PhaseCost b) => new(a.Cpu + b.Cpu, a.Gc + b.Gc);
    }

    /// <summary>Process-wide GC counters at one moment (all threads' allocations, collections, pause time).</summary>
    private readonly record struct GcSnapshot(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        public static GcSnapshot Take() => new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static GcSnapshot operator -(GcSnapshot a, GcSnapshot b) =>
            new(a.AllocatedBytes - b.AllocatedBytes, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pause - b.Pause);

        public static GcSnapshot operator +(GcSnapshot a, GcSnapshot b) =>
            new(a.AllocatedBytes + b.AllocatedBytes, a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.Pause + b.Pause);
    }

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);

        public void Reset() => Interlocked.Exchange(ref _value, 0);

        public async Task AtLeast(long target, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (Value < target)
            {
                if (sw.Elapsed > timeout) throw new TimeoutException($"counter at {Value}, expected {target}");
                await Task.Delay(1);
            }
        }
    }

    private sealed class Plain : ReceiveActor
    {
        public Plain(Counter started)
        {
            started.Increment();
            ReceiveAny(_ => { });
        }
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink(Counter received) => Receive<int>(_ => received.Increment());
    }

    internal sealed record Touched(int N);

    private sealed class Persistent : ReceivePersistentActor
    {
        public Persistent(string id, Counter done)
        {
            PersistenceId = "bench-" + id;
            var touched = false;
            Recover<Touched>(_ => touched = true);
            Command<int>(_ =>
            {
                if (touched) return;
                touched = true;
                Persist(new Touched(1), _ => done.Increment());
            });
        }

        public override string PersistenceId { get; }
    }
}
