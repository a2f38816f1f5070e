namespace Kane.Actors;

/// <summary>How the cluster coordinator picks a node for a ready task (<c>kane.agents.distribution-strategy</c>).</summary>
public enum DistributionStrategy
{
    /// <summary>The node with the lowest composite load (heartbeat load score plus queued work per slot).</summary>
    LeastLoaded,
    RoundRobin,
    Random,
    /// <summary>Only nodes with the task's required capabilities and handler; among them the least loaded.</summary>
    CapabilityBased,
}
