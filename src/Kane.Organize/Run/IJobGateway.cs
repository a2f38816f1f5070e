using Kane.Actors;

namespace Kane.Organize.Run;

/// <summary>How the run driver reaches a cluster: the embedded node's <see cref="KaneAgents"/>, or a node's management endpoint.</summary>
public interface IJobGateway
{
    /// <summary>Submits a job (idempotent for the same spec).</summary>
    Task SubmitAsync(JobSpec spec, CancellationToken cancellationToken);

    /// <summary>The job, or null when the cluster does not know it; with <paramref name="includeTasks"/> every task row
    /// (node, state, output), which the live display turns into per-node activity.</summary>
    Task<JobView?> GetAsync(string jobId, bool includeTasks, CancellationToken cancellationToken);

    Task CancelAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary>The cluster's agents as its coordinator last heard from their nodes.</summary>
    Task<IReadOnlyList<AgentInfo>> ListAgentsAsync(CancellationToken cancellationToken);
}

/// <summary>An <see cref="IJobGateway"/> over <see cref="KaneAgents"/> in this process.</summary>
public sealed class KaneAgentsGateway(KaneAgents agents) : IJobGateway
{
    /// <summary>Most task rows read per poll: every task of a run's job (they stay under a few hundred, <see cref="JobBuilder.MaxBatches"/>).</summary>
    public const int MaxTaskRows = 10_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public Task SubmitAsync(JobSpec spec, CancellationToken cancellationToken) => agents.SubmitAsync(spec, Timeout, cancellationToken);

    public Task<JobView?> GetAsync(string jobId, bool includeTasks, CancellationToken cancellationToken) =>
        agents.GetJobAsync(jobId, includeTasks, Timeout, cancellationToken, MaxTaskRows);

    public Task CancelAsync(string jobId, string reason, CancellationToken cancellationToken) => agents.CancelJobAsync(jobId, reason, Timeout, cancellationToken);

    public Task<IReadOnlyList<AgentInfo>> ListAgentsAsync(CancellationToken cancellationToken) => agents.ListAgentsAsync(Timeout, cancellationToken);
}
