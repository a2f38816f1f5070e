namespace Kane.Actors.Internal;

/// <summary>A worker node as the distribution sees it at one moment.</summary>
/// <param name="TaskTypes">Task types the node has handlers for.</param>
/// <param name="Queued">Tasks queued at the node and not started, including those just sent to it.</param>
/// <param name="LoadScore">The node's heartbeat load score, 0 (idle) to 1 (saturated).</param>
internal sealed record NodeCandidate(NodeRef Node, IReadOnlySet<string> Capabilities, IReadOnlySet<string> TaskTypes, int Slots, int Queued,
    int Running, bool Accepting, bool Reachable, double LoadScore);
