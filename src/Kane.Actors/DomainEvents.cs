namespace Kane.Actors;

/// <summary>
/// What happens to agents and tasks, published on the actor system's event stream of the node where it happened
/// (subscribe to <see cref="KaneDomainEvent"/> for all) and streamed by <c>kane agents events</c>.
/// </summary>
public abstract record KaneDomainEvent(DateTimeOffset At);

public sealed record AgentAdded(DateTimeOffset At, string AgentId, string Node, IReadOnlyList<string> Capabilities) : KaneDomainEvent(At);

public sealed record AgentRemoved(DateTimeOffset At, string AgentId, string Reason) : KaneDomainEvent(At);

public sealed record AgentPaused(DateTimeOffset At, string AgentId) : KaneDomainEvent(At);

public sealed record AgentResumed(DateTimeOffset At, string AgentId) : KaneDomainEvent(At);

public sealed record TaskStarted(DateTimeOffset At, string JobId, string TaskId, int Attempt, string AgentId) : KaneDomainEvent(At);

public sealed record TaskCompleted(DateTimeOffset At, string JobId, string TaskId, int Attempt, string AgentId, double DurationMs) : KaneDomainEvent(At);

public sealed record TaskFailed(DateTimeOffset At, string JobId, string TaskId, int Attempt, string AgentId, TaskError Error) : KaneDomainEvent(At);

public sealed record TaskRetried(DateTimeOffset At, string JobId, string TaskId, int Attempt, string AgentId, int Retry, TimeSpan Delay, TaskError Error) : KaneDomainEvent(At);

public sealed record TaskStolen(DateTimeOffset At, string JobId, string TaskId, string FromNode, string ToNode) : KaneDomainEvent(At);

/// <summary>An agent's breaker opened (or a half-open probe failed).</summary>
public sealed record HealthCheckFailed(DateTimeOffset At, string AgentId, string Reason) : KaneDomainEvent(At);

/// <summary>An agent's breaker closed again after a successful probe.</summary>
public sealed record AgentRecovered(DateTimeOffset At, string AgentId) : KaneDomainEvent(At);

/// <summary>A node went above its load threshold or became unreachable.</summary>
public sealed record NodeDegraded(DateTimeOffset At, string Node, string Reason) : KaneDomainEvent(At);
