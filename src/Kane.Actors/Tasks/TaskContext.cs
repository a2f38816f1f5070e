namespace Kane.Actors;

/// <summary>What a handler gets to run one task.</summary>
/// <param name="Task">The task.</param>
/// <param name="JobId">Its job.</param>
/// <param name="Roots">The job's roots: every path a handler touches must lie inside one of them.</param>
/// <param name="Attempt">The job's attempt number (1 on the first dispatch).</param>
/// <param name="Retry">The agent's retry within this attempt (0 on the first run).</param>
/// <param name="PreviousAttempts">Attempts of this task that were dispatched before and never reported (their node died or
/// they timed out): they may have had effects, so an idempotent handler checks for them.</param>
/// <param name="AgentId">The agent running it.</param>
public sealed record TaskContext(KaneTask Task, string JobId, JobRoots Roots, int Attempt, int Retry, int PreviousAttempts, string AgentId)
{
    /// <summary>
    /// The full path of <paramref name="path"/>, which must lie inside the job's roots.
    /// </summary>
    /// <exception cref="TaskFailedException">EINVAL when the path is outside every root.</exception>
    public string ResolvePath(string path) => Roots.Resolve(path);
}
