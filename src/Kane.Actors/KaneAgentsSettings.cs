using Kane.Configuration;

namespace Kane.Actors;

/// <summary>The <c>kane.agents</c> section: agents per node, distribution, retries, stealing, resource gates.</summary>
public sealed record KaneAgentsSettings
{
    public static readonly KaneAgentsSettings Default = FromConfig(Config.Empty);

    /// <summary>Cluster role of worker nodes: they host jobs, agents, a node coordinator and the cluster coordinator.</summary>
    /// <value>worker</value>
    public string Role { get; init; } = "worker";

    /// <summary>Agents a worker node starts; 0 = one per core.</summary>
    /// <value>0</value>
    public int AgentsPerNode { get; init; }

    /// <summary>Tasks one agent runs at once.</summary>
    /// <value>1</value>
    public int SlotsPerAgent { get; init; }

    /// <summary>
    /// Most tasks an agent may hold beyond its slots, waiting to start as soon as a slot frees, so that short tasks do
    /// not cost a round trip to the node coordinator each. Its node hands out only about 2 ms of recent average task
    /// time per agent (held tasks cannot be stolen); 0 = none.
    /// </summary>
    /// <value>16</value>
    public int AgentPrefetch { get; init; }

    /// <value>[]</value>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <value>1</value>
    public int MinAgents { get; init; }

    /// <value>256</value>
    public int MaxAgents { get; init; }

    /// <summary>Most tasks in one dispatch or assignment message.</summary>
    /// <value>100</value>
    public int TaskBatchSize { get; init; }

    /// <summary>
    /// How long one attempt may run before its job re-dispatches it (a task's own timeout wins). Time spent queued at
    /// its node does not count: when it passes, the job asks the node (<see cref="AttemptCheckTimeout"/>).
    /// </summary>
    /// <value>5m</value>
    public TimeSpan TaskTimeout { get; init; }

    /// <summary>How long a job waits for a node's answer about an attempt past its timeout before re-dispatching it.</summary>
    /// <value>5s</value>
    public TimeSpan AttemptCheckTimeout { get; init; }

    /// <summary>Retries of a retryable failure within one attempt (a task's own MaxRetries wins).</summary>
    /// <value>3</value>
    public int RetryAttempts { get; init; }

    /// <value>200ms</value>
    public TimeSpan RetryMinBackoff { get; init; }

    /// <value>30s</value>
    public TimeSpan RetryMaxBackoff { get; init; }

    /// <value>0.2</value>
    public double RetryRandomFactor { get; init; }

    /// <summary>A node whose heartbeat load score is above this gets no new tasks from the coordinator.</summary>
    /// <value>0.8</value>
    public double LoadThreshold { get; init; }

    /// <value>least-loaded</value>
    public DistributionStrategy Strategy { get; init; }

    /// <summary>Most tasks queued (not started) at one node; the rest wait in the coordinator's global queue.</summary>
    /// <value>1000</value>
    public int NodeQueueLimit { get; init; }

    /// <value>on</value>
    public bool WorkStealing { get; init; }

    /// <summary>An idle node steals from a peer whose queue per slot is at least this many times its own.</summary>
    /// <value>2.0</value>
    public double StealRatio { get; init; }

    /// <value>500ms</value>
    public TimeSpan StealInterval { get; init; }

    /// <summary>How often the coordinator re-spreads queued tasks between nodes.</summary>
    /// <value>2s</value>
    public TimeSpan RebalanceInterval { get; init; }

    /// <summary>Below both, new tasks start freely; between these and the stop limits, half as many start.</summary>
    /// <value>60 / 70</value>
    public double GateCpuWarn { get; init; }
    public double GateMemoryWarn { get; init; }

    /// <summary>Above either, tasks are only queued.</summary>
    /// <value>80 / 85</value>
    public double GateCpuStop { get; init; }
    public double GateMemoryStop { get; init; }

    /// <value>5</value>
    public int BreakerMaxFailures { get; init; }

    /// <value>30s</value>
    public TimeSpan BreakerResetTimeout { get; init; }

    /// <value>1s</value>
    public TimeSpan ResultRedeliveryInterval { get; init; }

    /// <summary>A job offers its queued tasks again after this long without a dispatch; the coordinator pings active jobs as often.</summary>
    /// <value>2s</value>
    public TimeSpan OfferRedeliveryInterval { get; init; }

    /// <value>250ms</value>
    public TimeSpan ProgressInterval { get; init; }

    /// <value>500ms</value>
    public TimeSpan StatusReportInterval { get; init; }

    /// <summary>Shards of the job region (fixed for the cluster's life).</summary>
    /// <value>100</value>
    public int JobShards { get; init; }

    /// <summary>Effective agents on a node with <paramref name="processorCount"/> cores.</summary>
    public int AgentsFor(int processorCount) => Math.Clamp(AgentsPerNode == 0 ? processorCount : AgentsPerNode, MinAgents, MaxAgents);

    /// <summary>Reads <c>kane.agents</c> of <paramref name="config"/> over the reference defaults.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static KaneAgentsSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.agents");
        var strategy = c.GetString("distribution-strategy");
        return new KaneAgentsSettings
        {
            Role = c.GetString("role"),
            AgentsPerNode = c.GetInt("agents-per-node"),
            SlotsPerAgent = c.GetInt("slots-per-agent"),
            AgentPrefetch = c.GetInt("agent-prefetch"),
            Capabilities = c.GetStringList("capabilities"),
            MinAgents = c.GetInt("min-agents"),
            MaxAgents = c.GetInt("max-agents"),
            TaskBatchSize = c.GetInt("task-batch-size"),
            TaskTimeout = c.GetTimeSpan("task-timeout"),
            AttemptCheckTimeout = c.GetTimeSpan("attempt-check-timeout"),
            RetryAttempts = c.GetInt("retry.attempts"),
            RetryMinBackoff = c.GetTimeSpan("retry.min-backoff"),
            RetryMaxBackoff = c.GetTimeSpan("retry.max-backoff"),
            RetryRandomFactor = c.GetDouble("retry.random-factor"),
            LoadThreshold = c.GetDouble("load-threshold"),
            Strategy = strategy switch
            {
                "least-loaded" => DistributionStrategy.LeastLoaded,
                "round-robin" => DistributionStrategy.RoundRobin,
                "random" => DistributionStrategy.Random,
                "capability-based" => DistributionStrategy.CapabilityBased,
                _ => throw InvalidSetting.Error("kane.agents.distribution-strategy", strategy, "must be least-loaded, round-robin, random or capability-based"),
            },
            NodeQueueLimit = c.GetInt("node-queue-limit"),
            WorkStealing = c.GetBoolean("work-stealing.enabled"),
            StealRatio = c.GetDouble("work-stealing.load-ratio"),
            StealInterval = c.GetTimeSpan("work-stealing.interval"),
            RebalanceInterval = c.GetTimeSpan("rebalance-interval"),
            GateCpuWarn = c.GetDouble("resource-gates.cpu-warn"),
            GateMemoryWarn = c.GetDouble("resource-gates.memory-warn"),
            GateCpuStop = c.GetDouble("resource-gates.cpu-stop"),
            GateMemoryStop = c.GetDouble("resource-gates.memory-stop"),
            BreakerMaxFailures = c.GetInt("circuit-breaker.max-failures"),
            BreakerResetTimeout = c.GetTimeSpan("circuit-breaker.reset-timeout"),
            ResultRedeliveryInterval = c.GetTimeSpan("result-redelivery-interval"),
            OfferRedeliveryInterval = c.GetTimeSpan("offer-redelivery-interval"),
            ProgressInterval = c.GetTimeSpan("progress-interval"),
            StatusReportInterval = c.GetTimeSpan("status-report-interval"),
            JobShards = c.GetInt("job-shards"),
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    public KaneAgentsSettings Validate()
    {
        const string s = "kane.agents.";
        InvalidSetting.Require(!string.IsNullOrWhiteSpace(Role), s + "role", Role, "must name a cluster role");
        InvalidSetting.Require(AgentsPerNode is >= 0 and <= 4096, s + "agents-per-node", AgentsPerNode, "must be between 0 (one per core) and 4096");
        InvalidSetting.Require(SlotsPerAgent is >= 1 and <= 1024, s + "slots-per-agent", SlotsPerAgent, "must be between 1 and 1024");
        InvalidSetting.Require(AgentPrefetch is >= 0 and <= 10_000, s + "agent-prefetch", AgentPrefetch, "must be between 0 and 10000");
        InvalidSetting.Require(MinAgents >= 1, s + "min-agents", MinAgents, "must be at least 1");
        InvalidSetting.Require(MaxAgents >= MinAgents, s + "max-agents", MaxAgents, "must be at least min-agents");
        InvalidSetting.Require(TaskBatchSize is >= 1 and <= 10_000, s + "task-batch-size", TaskBatchSize, "must be between 1 and 10000");
        InvalidSetting.Require(TaskTimeout > TimeSpan.Zero, s + "task-timeout", TaskTimeout, "must be positive");
        InvalidSetting.Require(AttemptCheckTimeout > TimeSpan.Zero, s + "attempt-check-timeout", AttemptCheckTimeout, "must be positive");
        InvalidSetting.Require(RetryAttempts is >= 0 and <= 100, s + "retry.attempts", RetryAttempts, "must be between 0 and 100");
        InvalidSetting.Require(RetryMinBackoff > TimeSpan.Zero, s + "retry.min-backoff", RetryMinBackoff, "must be positive");
        InvalidSetting.Require(RetryMaxBackoff >= RetryMinBackoff, s + "retry.max-backoff", RetryMaxBackoff, "must be at least retry.min-backoff");
        InvalidSetting.Require(RetryRandomFactor is >= 0 and <= 1, s + "retry.random-factor", RetryRandomFactor, "must be between 0 and 1");
        InvalidSetting.Require(LoadThreshold is > 0 and <= 1, s + "load-threshold", LoadThreshold, "must be in (0, 1]");
        InvalidSetting.Require(NodeQueueLimit is >= 1 and <= 1_000_000, s + "node-queue-limit", NodeQueueLimit, "must be between 1 and 1000000");
        InvalidSetting.Require(StealRatio >= 1, s + "work-stealing.load-ratio", StealRatio, "must be at least 1");
        InvalidSetting.Require(StealInterval > TimeSpan.Zero, s + "work-stealing.interval", StealInterval, "must be positive");
        InvalidSetting.Require(RebalanceInterval > TimeSpan.Zero, s + "rebalance-interval", RebalanceInterval, "must be positive");
        InvalidSetting.Require(GateCpuWarn is > 0 and <= 100 && GateCpuWarn <= GateCpuStop, s + "resource-gates.cpu-warn", GateCpuWarn, "must be in (0, 100] and at most cpu-stop");
        InvalidSetting.Require(GateMemoryWarn is > 0 and <= 100 && GateMemoryWarn <= GateMemoryStop, s + "resource-gates.memory-warn", GateMemoryWarn, "must be in (0, 100] and at most memory-stop");
        InvalidSetting.Require(GateCpuStop is > 0 and <= 100, s + "resource-gates.cpu-stop", GateCpuStop, "must be in (0, 100]");
        InvalidSetting.Require(GateMemoryStop is > 0 and <= 100, s + "resource-gates.memory-stop", GateMemoryStop, "must be in (0, 100]");
        InvalidSetting.Require(BreakerMaxFailures >= 1, s + "circuit-breaker.max-failures", BreakerMaxFailures, "must be at least 1");
        InvalidSetting.Require(BreakerResetTimeout > TimeSpan.Zero, s + "circuit-breaker.reset-timeout", BreakerResetTimeout, "must be positive");
        InvalidSetting.Require(ResultRedeliveryInterval > TimeSpan.Zero, s + "result-redelivery-interval", ResultRedeliveryInterval, "must be positive");
        InvalidSetting.Require(OfferRedeliveryInterval > TimeSpan.Zero, s + "offer-redelivery-interval", OfferRedeliveryInterval, "must be positive");
        InvalidSetting.Require(ProgressInterval > TimeSpan.Zero, s + "progress-interval", ProgressInterval, "must be positive");
        InvalidSetting.Require(StatusReportInterval > TimeSpan.Zero, s + "status-report-interval", StatusReportInterval, "must be positive");
        InvalidSetting.Require(JobShards is >= 1 and <= 10_000, s + "job-shards", JobShards, "must be between 1 and 10000");
        return this;
    }
}
