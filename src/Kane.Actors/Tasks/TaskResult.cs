namespace Kane.Actors;

/// <summary>
/// The end of one task attempt, as the agent's node reports it to the job. The job applies it only when
/// <see cref="Attempt"/> is the task's current attempt; a stale or repeated result is acknowledged and ignored.
/// </summary>
/// <param name="Outcome">Set when the task succeeded.</param>
/// <param name="Error">Set when it failed for good (fatal, or retries exhausted).</param>
/// <param name="Retries">Retries the agent made within this attempt.</param>
public sealed record TaskResult(string TaskId, int Attempt, string AgentId, TaskOutcome? Outcome, TaskError? Error, int Retries,
    DateTimeOffset StartedAt, double DurationMs)
{
    public bool Succeeded => Outcome is not null;
}
