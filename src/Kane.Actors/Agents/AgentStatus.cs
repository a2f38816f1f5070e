namespace Kane.Actors;

/// <summary>What an agent is doing.</summary>
public enum AgentStatus
{
    Idle,
    Executing,
    /// <summary>Paused by an operator: takes no new tasks, finishes the running ones.</summary>
    Paused,
    /// <summary>Its circuit breaker is open after consecutive failures: takes no tasks until a half-open probe succeeds.</summary>
    Error,
    /// <summary>Its home node is unreachable (or gone): it cannot run tasks.</summary>
    Disconnected,
    /// <summary>Stopped by an operator; a start (or resume) brings it back.</summary>
    Stopped,
}
