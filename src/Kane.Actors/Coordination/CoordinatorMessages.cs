namespace Kane.Actors;

// Questions for the cluster coordinator (through its singleton proxy).

/// <summary>Answered with <see cref="JobList"/>: the registry's jobs, newest first.</summary>
public sealed record ListJobs(bool IncludeFinished = true, int Max = 200);

public sealed record JobList(IReadOnlyList<JobSummary> Jobs);

/// <summary>A job as the coordinator last heard of it.</summary>
public sealed record JobSummary(string JobId, string Name, JobStatus Status, TaskPriority Priority, JobProgress Progress, DateTimeOffset Created);

/// <summary>Answered with <see cref="AgentList"/>: every agent of every registered node, as its node last reported it.</summary>
public sealed record ListAgents;

public sealed record AgentList(IReadOnlyList<AgentInfo> Agents);

/// <summary>Answered with <see cref="TaskStats"/>.</summary>
public sealed record GetTaskStats;

/// <summary>Totals over the cluster and per node.</summary>
public sealed record TaskStats(ClusterStatus Status, int GlobalQueue, IReadOnlyList<NodeTaskStats> Nodes)
{
    public long Completed => Nodes.Sum(n => n.Completed);
    public long Failed => Nodes.Sum(n => n.Failed);
    public double TasksPerSecond => Nodes.Sum(n => n.TasksPerSecond);
}

/// <summary>One node's task counters and latencies (over a recent window).</summary>
/// <param name="QueueToStartP50Ms">From the job queuing a task to an agent starting it.</param>
public sealed record NodeTaskStats(string Node, bool Reachable, int Agents, int Slots, int Queued, int Running, long Completed, long Failed,
    long Retried, long StolenIn, long StolenOut, double TasksPerSecond, double LatencyP50Ms, double LatencyP95Ms, double LatencyP99Ms,
    double QueueToStartP50Ms, double QueueToStartP99Ms, double LoadScore);
