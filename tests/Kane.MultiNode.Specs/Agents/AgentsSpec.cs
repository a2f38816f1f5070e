using Kane.Actor;
using Kane.Actors;
using Kane.Cluster;
using Kane.Pattern;
using Kane.Persistence.Sql;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// <paramref name="nodes"/> worker roles (node1, node2, ...) with fast agent timings; <paramref name="agents"/> HOCON
/// goes inside <c>kane.agents { }</c> over them. The split brain resolver only when a spec kills a node.
/// </summary>
public sealed class AgentsClusterConfig : MultiNodeConfig
{
    public AgentsClusterConfig(int nodes, string agents = "", bool splitBrainResolver = false, int timeoutSeconds = 60, bool client = false)
    {
        Nodes = [.. Enumerable.Range(1, nodes).Select(i => Role("node" + i))];
        if (client)
        {
            Client = Role("client");
            NodeConfig([Client], "kane.cluster.roles = []");
        }
        SpecTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        // The other roles wait at the last barrier while the driver waits for its jobs: fail on the driver's own
        // timeout, which says what it waited for, rather than on the barrier's.
        BarrierTimeout = TimeSpan.FromSeconds(timeoutSeconds - 5);
        CommonConfig = $$"""
            kane.cluster.roles = ["worker"]
            # Every node stops at once at the end of a spec, and the agent regions' hand-offs then never complete
            # (reported: a hand-off waiting for a region that stopped meanwhile); the phase must not outlast the 10 s the
            # runner gives a node to terminate.
            kane.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 3s
            kane.cluster.singleton.hand-over-retry-interval = 200ms
            kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
            kane.cluster.sharding {
              retry-interval = 200ms
              shard-start-timeout = 2s
            }
            kane.agents {
              agents-per-node = 4
              offer-redelivery-interval = 500ms
              result-redelivery-interval = 300ms
              status-report-interval = 100ms
              work-stealing.interval = 100ms
              retry.min-backoff = 100ms
              retry.max-backoff = 2s
              # The gates and the load threshold read the machine's CPU, which these specs' processes (and anything
              # else on a shared 2-core machine) keep above any limit: off, as they are not what the specs are about.
              resource-gates { cpu-warn = 100, memory-warn = 100, cpu-stop = 100, memory-stop = 100 }
              load-threshold = 1.0
              {{agents}}
            }
            {{(splitBrainResolver ? "kane.cluster.downing-provider = split-brain-resolver" : "")}}
            """;
    }

    /// <summary>The worker roles; the first seeds the cluster.</summary>
    public IReadOnlyList<RoleName> Nodes { get; }

    /// <summary>A member without the worker role (submits and queries only), when asked for.</summary>
    public RoleName? Client { get; }

    /// <summary>Every role: the workers and the client.</summary>
    public IReadOnlyList<RoleName> All => Client is { } c ? [.. Nodes, c] : Nodes;
}

/// <summary>
/// Kane agents on every role: a SQLite journal the processes share (WAL), the cluster, the agents with the spec's
/// handlers, a run log per process and a marker directory in a directory all roles share for this run.
/// </summary>
public abstract class AgentsSpec(AgentsClusterConfig config) : MultiNodeSpec(config)
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(25);

    private RunLog? _runs;
    private KaneAgents? _agents;

    protected AgentsClusterConfig Config { get; } = config;

    protected RoleName First => Config.Nodes[0];

    /// <summary>The role that drives the spec: the client when there is one, else the first worker.</summary>
    protected RoleName Driver => Config.Client ?? First;

    /// <summary>Shared by every role of this run (named by the run's secret).</summary>
    protected string SharedDirectory => Path.Combine(Path.GetTempPath(), "kane-mn-agents-" + Sys.Settings.Config.GetString("kane.remote.secret"));

    protected string MarkerDirectory => Path.Combine(SharedDirectory, "markers");

    protected string RunDirectory => Path.Combine(SharedDirectory, "runs");

    /// <summary>This process's run log.</summary>
    protected RunLog Runs => _runs ??= new RunLog(RunDirectory, $"{Myself.Name}-{Incarnation}");

    protected KaneAgents Agents => _agents ?? throw new InvalidOperationException("StartAgents first");

    protected Kane.Cluster.Cluster Cluster => Kane.Cluster.Cluster.Get(Sys);

    /// <summary>host:port of <paramref name="role"/>: the home of its agents.</summary>
    protected string NodeName(RoleName role) => $"{GetAddress(role).Host}:{GetAddress(role).Port}";

    /// <summary>
    /// Joins every role into one cluster, starts the agents with <paramref name="handlers"/> and waits until the
    /// coordinator lists every node's agents (<paramref name="agentsPerNode"/> each).
    /// </summary>
    protected async Task StartAgents(TaskHandlerRegistry handlers, int agentsPerNode)
    {
        Directory.CreateDirectory(MarkerDirectory);
        SqlPersistence.Install(Sys, "sqlite:" + Path.Combine(SharedDirectory, "journal.db"));
        Sys.StartCluster(ClusterSettings.FromConfig(Sys.Settings.Config) with { SeedNodes = [.. Config.Nodes.Take(2).Select(GetAddress)] });
        await AwaitAsync(() => Cluster.State.Members.Count == Config.All.Count && Cluster.State.Members.All(m => m.Status == MemberStatus.Up),
            $"{Config.All.Count} members up");
        _agents = Myself == Config.Client ? KaneAgents.StartClient(Sys) : KaneAgents.Start(Sys, handlers);
        var expected = Config.Nodes.Count * agentsPerNode;
        await AwaitAsync(async () => (await _agents.ListAgentsAsync()).Count == expected, $"{expected} agents registered");
        await EnterBarrierAsync("agents-started");
    }

    /// <summary>True when this worker's job region hosts the entity of <paramref name="jobId"/>.</summary>
    protected async Task<bool> HostsJob(string jobId) =>
        Myself != Config.Client
        && (await Agents.Jobs.Ask<Kane.Cluster.Sharding.CurrentShardRegionState>(new Kane.Cluster.Sharding.GetShardRegionState(), TimeSpan.FromSeconds(5)))
            .Shards.Any(s => s.EntityIds.Contains(jobId));

    /// <summary>The last barrier of a spec; the driver then removes the shared directory.</summary>
    protected async Task Finish()
    {
        await EnterBarrierAsync("finished");
        RunOn(() =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(SharedDirectory, recursive: true); } catch (IOException) { }
        }, Driver);
    }

    /// <summary>The job with every task row.</summary>
    protected async Task<JobView> FullView(string jobId, int maxTasks = 100_000) =>
        await Agents.Jobs.Ask<object>(new GetJob(jobId, IncludeTasks: true, MaxTasks: maxTasks), TimeSpan.FromSeconds(10)) switch
        {
            JobView v => v,
            var other => throw new InvalidOperationException($"GetJob {jobId}: {other}"),
        };

    /// <summary>
    /// Polls the job until it has ended. Unlike <see cref="KaneAgents.WaitForJobAsync"/> it rides out asks that time
    /// out while the job's shard moves (its node was killed).
    /// </summary>
    protected async Task<JobView> AwaitJob(string jobId, TimeSpan timeout, TimeSpan? poll = null)
    {
        JobView? view = null;
        try
        {
            await AwaitAsync(async () => (view = await Agents.GetJobAsync(jobId, timeout: TimeSpan.FromSeconds(3))) is { IsFinished: true },
                $"job {jobId} to end", timeout, poll);
        }
        catch (TimeoutException e)
        {
            var unfinished = view is null ? "" : string.Join(", ", (await FullView(jobId, maxTasks: 500)).Tasks
                .Where(t => t.State is not (TaskState.Succeeded or TaskState.Failed or TaskState.Abandoned)).Take(10)
                .Select(t => $"{t.TaskId} {t.State} attempt {t.Attempt} on {t.Node}"));
            throw new TimeoutException($"{e.Message}; last progress {view?.Progress}; unfinished: {unfinished}", e);
        }
        return view!;
    }

    /// <summary>
    /// Submits <paramref name="job"/> with its first <paramref name="chunk"/> tasks and adds the rest in chunks as
    /// large: a submission from a member that does not host the job crosses the network, and one message may not
    /// exceed kane.remote.maximum-frame-size (128 KB, some 450 of these tasks).
    /// </summary>
    protected async Task SubmitInChunks(JobSpec job, int chunk = 300)
    {
        await Agents.SubmitAsync(job with { Tasks = [.. job.Tasks.Take(chunk)] }, TimeSpan.FromSeconds(20));
        foreach (var rest in job.Tasks.Skip(chunk).Chunk(chunk))
        {
            var reply = await Agents.Jobs.Ask<object>(new AddTasks(job.JobId, rest), TimeSpan.FromSeconds(20));
            Assert.True(reply is TasksAccepted, $"AddTasks to {job.JobId}: {reply}");
        }
    }

    protected static JobSpec Job(string id, IEnumerable<KaneTask> tasks) => new(id, id, TaskPriority.Normal, [.. tasks]);

    protected Task AwaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        AwaitAsync(() => Task.FromResult(condition()), what, timeout);

    protected async Task AwaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Wait);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is TimeoutException or AskTimeoutException)
            {
                last = e; // the coordinator or a shard is still starting
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Myself}: timed out waiting for {what}{(last is null ? "" : $" (last error: {last.Message})")}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(25));
        }
    }

    protected static string Pct(double share) => (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    protected static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
