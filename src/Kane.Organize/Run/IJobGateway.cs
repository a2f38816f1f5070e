using Kane.Actors;

namespace Kane.Organize.Run;

/// <summary>How the run driver reaches a cluster: the embedded node's <see cref="KaneAgents"/>, or a node's management endpoint.</summary>
public interface IJobGateway
{
    /// <summary>Submits a job (idempotent for the same spec).</summary>
    Task SubmitAsync(JobSpec spec, CancellationToken cancellationToken);

    /// <summary>The job, or null when the cluster does not know it.</summary>
    Task<JobView?> GetAsync(string jobId, CancellationToken cancellationToken);

    Task CancelAsync(string jobId, string reason, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IJobGateway"/> over <see cref="KaneAgents"/> in this process.</summary>
public sealed class KaneAgentsGateway(KaneAgents agents) : IJobGateway
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public Task SubmitAsync(JobSpec spec, CancellationToken cancellationToken) => agents.SubmitAsync(spec, Timeout, cancellationToken);

    public Task<JobView?> GetAsync(string jobId, CancellationToken cancellationToken) => agents.GetJobAsync(jobId, false, Timeout, cancellationToken);

    public Task CancelAsync(string jobId, string reason, CancellationToken cancellationToken) => agents.CancelJobAsync(jobId, reason, Timeout, cancellationToken);
}
