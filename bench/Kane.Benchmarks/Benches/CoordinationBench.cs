using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Kane.Actor;
using Kane.Actors;
using Kane.Cluster;
using Kane.MultiNode.Specs.Agents;
using Kane.Pattern;
using Kane.Persistence.Sql;
using Kane.Remote;
using static Kane.Benchmarks.Benches.BenchProcesses;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Kane agents end to end with a no-op handler: <c>--tasks</c> (100,000) tasks, as jobs of <c>--job-tasks</c> (250,
/// so a submission fits a remote frame), submitted at once and timed until every job has ended — on one node
/// (this process, SQLite journal in a temp dir) and on <c>--nodes</c> (3) worker processes sharing one SQLite file,
/// or the PostgreSQL named by <c>KANE_BENCH_POSTGRES</c> (this process joins as a client and submits). Queue-to-start latency comes from a separate paced run on the one
/// node: <c>--paced</c> (2,500, more than the node's latency window of 2,048, so the window holds paced tasks only)
/// tasks added one at a time to a running job at <c>--rate</c> (250) per second, so nothing backs up; the node's own
/// figure (job queue time to agent start, NodeTaskStats) and submit-to-start seen here. Baseline in the same run:
/// <c>Parallel.ForEachAsync</c> over the same handler and the same number of tasks in this process. <c>--nodes 0</c>
/// runs the one node only.
/// </summary>
internal static class CoordinationBench
{
    private const string Secret = "coordination-bench";
    private const string NodeSwitch = "--node-process";

    public static async Task<int> Run(string[] args)
    {
        if (args.Contains(NodeSwitch)) return await NodeProcess(args);
        var tasks = BenchSupport.IntOption(args, "tasks", 100_000);
        var jobTasks = BenchSupport.IntOption(args, "job-tasks", 250);
        var nodes = BenchSupport.IntOption(args, "nodes", 3);
        var paced = BenchSupport.IntOption(args, "paced", 2500);
        var rate = BenchSupport.IntOption(args, "rate", 250);
        BenchSupport.Machine();
        var dir = Directory.CreateTempSubdirectory("kane-coordination-bench-").FullName;
        try
        {
            var baseline = await Baseline(tasks);
            Console.WriteLine($"# baseline: Parallel.ForEachAsync over {tasks} no-op runs: {BenchSupport.Fmt(baseline)} tasks/s (median of 3)");

            var (oneNode, latency) = await OneNode(Path.Combine(dir, "one.db"), tasks, jobTasks, paced, rate);
            Console.WriteLine($"# one node: {BenchSupport.Fmt(oneNode)} tasks/s");

            // --nodes 0 skips the process cluster (for profiling the one-node path); the summary then says 0.
            var cluster = nodes > 0 ? await Cluster(dir, nodes, tasks, jobTasks) : 0;
            if (nodes > 0) Console.WriteLine($"# {nodes} processes: {BenchSupport.Fmt(cluster)} tasks/s");

            Console.WriteLine($"coordination: tasks_per_s={BenchSupport.Fmt(oneNode)} cluster_tasks_per_s={BenchSupport.Fmt(cluster)} " +
                $"start_p50_ms={BenchSupport.Fmt2(latency.P50)} start_p99_ms={BenchSupport.Fmt2(latency.P99)} ratio={Ratio(oneNode / baseline)}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The defaults, less the resource gates and the load threshold: they read the machine's CPU, which the bench
    /// itself saturates (and other processes share), so with them a node would stop starting tasks to protect the
    /// machine from its own coordination work.
    /// </summary>
    private static readonly KaneAgentsSettings Settings = KaneAgentsSettings.Default with
    {
        GateCpuWarn = 100, GateCpuStop = 100, GateMemoryWarn = 100, GateMemoryStop = 100, LoadThreshold = 1,
    };

    private static string Ratio(double r) => r.ToString(r < 0.01 ? "0.0000" : "0.00", CultureInfo.InvariantCulture);

    private static async Task<double> Baseline(int tasks)
    {
        var handler = new NoopHandler();
        var contexts = Jobs("baseline", tasks, tasks).Single().Tasks
            .Select(t => new TaskContext(t, "baseline", JobRoots.None, 1, 0, 0, "baseline/0")).ToArray();
        var rates = new List<double>();
        for (var run = 0; run < 4; run++) // the first warms up
        {
            var sw = Stopwatch.StartNew();
            await Parallel.ForEachAsync(contexts, async (c, ct) => await handler.ExecuteAsync(c, ct));
            if (run > 0) rates.Add(tasks / sw.Elapsed.TotalSeconds);
        }
        return BenchSupport.Median(rates);
    }

    private static async Task<(double TasksPerSecond, (double P50, double P99) Latency)> OneNode(string journal, int tasks, int jobTasks, int paced, int rate)
    {
        var starts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var system = BenchSupport.NewSystem("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = FreePort(), Secret = Secret }));
        try
        {
            SqlPersistence.Install(system, "sqlite:" + journal);
            var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [system.Address], Roles = ["worker"] });
            await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(30));
            var hold = new HoldHandler();
            var agents = KaneAgents.Start(system, new TaskHandlerRegistry()
                .Register(new NoopHandler(c => { if (c.JobId == "paced") starts.TryAdd(c.Task.Id, Stopwatch.GetTimestamp()); }))
                .Register(hold), Settings);
            Console.WriteLine($"# one node: {agents.Settings.AgentsFor(Environment.ProcessorCount)} agents x {agents.Settings.SlotsPerAgent} slots, strategy {agents.Settings.Strategy}, batch {agents.Settings.TaskBatchSize}");
            await RunJobs(agents, Jobs("warm", 5_000, jobTasks)); // JIT, shards, the coordinator

            // Paced: tasks added one at a time to a running job at a steady rate, so latency is the path's, not a
            // backlog's. A held task keeps the job running until every paced task has started.
            var release = new TaskCompletionSource();
            hold.Release = release.Task;
            await agents.SubmitAsync(new JobSpec("paced", "paced", TaskPriority.Normal, [new KaneTask("hold", HoldHandler.Type, TaskPriority.Normal, [])]));
            var submitted = new long[paced];
            var interval = Stopwatch.Frequency / (double)rate;
            var clock = Stopwatch.GetTimestamp();
            var pending = new List<Task<object>>();
            for (var i = 0; i < paced; i++)
            {
                while (Stopwatch.GetTimestamp() < clock + (long)(i * interval))
                    await Task.Delay(1);
                submitted[i] = Stopwatch.GetTimestamp();
                pending.Add(agents.Jobs.Ask<object>(new AddTasks("paced", [new KaneTask($"p{i:D6}", NoopHandler.Type, TaskPriority.Normal, [])]), TimeSpan.FromSeconds(30)));
            }
            foreach (var reply in await Task.WhenAll(pending))
                if (reply is not TasksAccepted) throw new InvalidOperationException($"AddTasks to the paced job: {reply}");
            var deadline = Stopwatch.StartNew();
            while (Enumerable.Range(0, paced).Any(i => !starts.ContainsKey($"p{i:D6}")) && deadline.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(10);
            release.SetResult();
            await AwaitAll(agents, [new JobSpec("paced", "paced", TaskPriority.Normal, [])]);
            await Task.Delay(agents.Settings.StatusReportInterval * 3); // the node's latest report reaches the coordinator
            var stats = await agents.GetTaskStatsAsync();
            var node = stats.Nodes.Single();
            var seen = Enumerable.Range(0, paced).Select(i => Stopwatch.GetElapsedTime(submitted[i], starts[$"p{i:D6}"]).TotalMilliseconds).Order().ToArray();
            Console.WriteLine($"# paced: {paced} tasks added one at a time to a running job at {rate}/s; node's queue-to-start (job queue time to agent start) " +
                $"p50 {BenchSupport.Fmt2(node.QueueToStartP50Ms)} ms p99 {BenchSupport.Fmt2(node.QueueToStartP99Ms)} ms; " +
                $"AddTasks sent to start, seen here: p50 {BenchSupport.Fmt2(BenchSupport.Percentile(seen, 0.5))} ms p99 {BenchSupport.Fmt2(BenchSupport.Percentile(seen, 0.99))} ms");

            var jobs = Jobs("load", tasks, jobTasks);
            var (pause, gen0, gen2, cpu) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2), Process.GetCurrentProcess().TotalProcessorTime);
            var sw = Stopwatch.StartNew();
            await RunJobs(agents, jobs);
            var perSecond = tasks / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"# one node: {tasks} tasks in {jobs.Count} jobs in {sw.Elapsed.TotalSeconds:0.00}s; process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00}s, " +
                $"GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms ({GC.CollectionCount(0) - gen0} collections, {GC.CollectionCount(2) - gen2} of gen 2)");
            return (perSecond, (node.QueueToStartP50Ms, node.QueueToStartP99Ms));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task<double> Cluster(string dir, int nodes, int tasks, int jobTasks)
    {
        // A shared SQLite file by default; the PostgreSQL of KANE_BENCH_POSTGRES (an Npgsql connection string, e.g.
        // from scripts/provision.sh --durable) when set. Job ids carry a run id, as a server outlives one run.
        var journal = Environment.GetEnvironmentVariable("KANE_BENCH_POSTGRES") is { Length: > 0 } pg
            ? "postgres:" + pg
            : "sqlite:" + Path.Combine(dir, "cluster.db");
        var run = Guid.NewGuid().ToString("N")[..8];
        Console.WriteLine($"# {nodes} processes: journal {journal.Split(':')[0]}");
        var port = FreePort();
        var system = BenchSupport.NewSystem("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = port, Secret = Secret }));
        var workers = new List<Process>();
        try
        {
            SqlPersistence.Install(system, journal);
            var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [system.Address] });
            await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(30));
            for (var i = 0; i < nodes; i++)
                workers.Add(BenchProcesses.StartWorker("coordination", NodeSwitch, FreePort(), $"127.0.0.1:{port}", journal, Path.Combine(dir, $"node{i + 1}.log")));
            var agents = KaneAgents.StartClient(system, Settings);
            await BenchProcesses.WaitForWorkers(agents, nodes, TimeSpan.FromSeconds(90), dir);
            var sw = Stopwatch.StartNew();
            await RunJobs(agents, Jobs($"warm-{run}", 5_000, jobTasks));
            var jobs = Jobs($"load-{run}", tasks, jobTasks);
            sw.Restart();
            await RunJobs(agents, jobs);
            var perSecond = tasks / sw.Elapsed.TotalSeconds;
            var stats = await agents.GetTaskStatsAsync();
            Console.WriteLine($"# {nodes} processes: {tasks} tasks in {jobs.Count} jobs in {sw.Elapsed.TotalSeconds:0.00}s; completed per node " +
                string.Join(" ", stats.Nodes.Select(n => $"{n.Node}={n.Completed}")) + $"; stolen {stats.Nodes.Sum(n => n.StolenIn)}");
            return perSecond;
        }
        finally
        {
            BenchProcesses.StopWorkers(workers);
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>A worker of the cluster run: joins through the seed, runs the no-op handler until its stdin closes.</summary>
    private static async Task<int> NodeProcess(string[] args)
    {
        var port = BenchSupport.IntOption(args, BenchProcesses.PortOption, 0);
        var seed = BenchSupport.StringOption(args, BenchProcesses.SeedOption)!;
        var journal = BenchSupport.StringOption(args, BenchProcesses.JournalOption)!;
        var system = BenchSupport.NewSystem("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = port, Secret = Secret }));
        SqlPersistence.Install(system, journal);
        var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [Address.Parse($"kane.tcp://kane@{seed}")], Roles = ["worker"] });
        await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(60));
        KaneAgents.Start(system, new TaskHandlerRegistry().Register(new NoopHandler()), Settings);
        Console.WriteLine($"node up at {system.Address}");
        await Console.In.ReadToEndAsync();
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        return 0;
    }

    private static List<JobSpec> Jobs(string prefix, int tasks, int perJob) =>
        [.. Enumerable.Range(0, (tasks + perJob - 1) / perJob).Select(j => new JobSpec($"{prefix}-{j:D5}", prefix, TaskPriority.Normal,
            [.. Enumerable.Range(j * perJob, Math.Min(perJob, tasks - j * perJob)).Select(i => new KaneTask($"t{i:D6}", NoopHandler.Type, TaskPriority.Normal, []))]))];

    /// <summary>Submits every job at once and returns when all have ended (each must complete).</summary>
    private static async Task RunJobs(KaneAgents agents, IReadOnlyList<JobSpec> jobs)
    {
        await Task.WhenAll(jobs.Select(j => agents.SubmitAsync(j, TimeSpan.FromSeconds(60))));
        await AwaitAll(agents, jobs);
    }

    private static async Task AwaitAll(KaneAgents agents, IReadOnlyList<JobSpec> jobs)
    {
        foreach (var job in jobs)
        {
            var view = await agents.WaitForJobAsync(job.JobId, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(5));
            if (view.Status != JobStatus.Completed)
                throw new InvalidOperationException($"job {job.JobId} ended {view.Status}: {string.Join("; ", view.Errors.Take(3).Select(e => $"{e.TaskId} {e.Error}"))}");
        }
    }

    /// <summary>Runs until <see cref="Release"/> completes: keeps the paced job open while tasks are added to it.</summary>
    private sealed class HoldHandler : ITaskHandler
    {
        public const string Type = "bench-hold";

        public Task Release { get; set; } = Task.CompletedTask;

        public string TaskType => Type;

        public IReadOnlyCollection<string> Capabilities => [];

        public async ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            await Release.WaitAsync(cancellationToken);
            return TaskOutcome.Done;
        }
    }
}
