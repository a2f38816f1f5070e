namespace Kane.Actors;

/// <summary>One agent as <c>kane agents list|show</c> shows it.</summary>
/// <param name="AgentId"><c>{node}/{n}</c>: the home node (host:port) and the agent's number there.</param>
/// <param name="Node">The home node, host:port.</param>
/// <param name="Slots">Tasks it may run at once.</param>
/// <param name="Running">Tasks running now.</param>
/// <param name="Breaker">closed, open or half-open.</param>
public sealed record AgentInfo(string AgentId, string Node, AgentStatus Status, IReadOnlyList<string> Capabilities, int Slots, int Running,
    AgentMetrics Metrics, string Breaker);

/// <summary>An agent's counters since it was added (journaled).</summary>
/// <param name="Load">Running / slots, 0–1.</param>
public sealed record AgentMetrics(long Completed, long Failed, long Retried, double TotalMs, double Load)
{
    public static readonly AgentMetrics Zero = new(0, 0, 0, 0, 0);

    public double AverageMs => Completed + Failed == 0 ? 0 : TotalMs / (Completed + Failed);
}
