using Kane.Actor;

namespace Kane.Actors.Internal;

// Node coordinator ⇄ its agents. Local only: an agent takes work only on its home node, where its node coordinator
// lives, so none of these crosses the wire. An agent announces itself (and every change of status or breaker) by
// sending its AgentInfo to the node coordinator at /user/kane-node.

/// <summary>Node coordinator → agent: run this attempt.</summary>
internal sealed record RunTask(QueuedTask Entry);

/// <summary>Agent → node coordinator: the attempt ended (success, fatal failure, retries exhausted, cancelled).</summary>
internal sealed record TaskFinished(string JobId, TaskResult Result, DateTimeOffset QueuedAt);

/// <summary>Agent → node coordinator: the agent cannot run this now (paused, stopped, breaker open); queue it again.</summary>
internal sealed record TaskRefused(QueuedTask Entry, AgentInfo Agent);

/// <summary>Node coordinator → agent: cancel the running attempts of the job.</summary>
internal sealed record CancelRunning(string JobId);

/// <summary>Agent → node coordinator: one attempt failed retryably and runs again later (forwarded to the job).</summary>
internal sealed record RetryScheduled(TaskRetrying Retrying);

/// <summary>Runner → agent: the run number <paramref name="Retry"/> of a task ended.</summary>
internal sealed record RunEnded(string Key, int Retry, TaskOutcome? Outcome, TaskError? Error);

/// <summary>Agent's own timer: start the back-off supervised retries of a task.</summary>
internal sealed record StartRetries(string Key);

/// <summary>Agent's own timers.</summary>
internal sealed record AgentTick(string What)
{
    public static readonly AgentTick Metrics = new("metrics");
    public static readonly AgentTick Breaker = new("breaker");
}

/// <summary>The supervisor of one task's retries has stopped.</summary>
internal sealed record RetriesEnded(string Key, IActorRef Supervisor);
