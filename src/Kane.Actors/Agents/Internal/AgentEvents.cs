using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

// Journal events of an agent (persistence id kane-agent-{id}).

/// <summary>The agent was first started on its home node.</summary>
internal sealed record AgentAddedEvent(DateTimeOffset At, string Node, IReadOnlyList<string> Capabilities, int Slots);

internal sealed record AgentPausedEvent(DateTimeOffset At);

/// <summary>Resumed from paused or stopped.</summary>
internal sealed record AgentResumedEvent(DateTimeOffset At);

internal sealed record AgentStoppedEvent(DateTimeOffset At);

/// <summary>The agent's counters as of <paramref name="At"/>: a periodic checkpoint, not one event per task.</summary>
internal sealed record AgentMetricsCheckpoint(DateTimeOffset At, long Completed, long Failed, long Retried, double TotalMs);

internal static class AgentEvents
{
    public static void Register(EventSerializerRegistry registry) => registry
        .AddEvent<AgentAddedEvent>("agent.added")
        .AddEvent<AgentPausedEvent>("agent.paused")
        .AddEvent<AgentResumedEvent>("agent.resumed")
        .AddEvent<AgentStoppedEvent>("agent.stopped")
        .AddEvent<AgentMetricsCheckpoint>("agent.metrics");
}
