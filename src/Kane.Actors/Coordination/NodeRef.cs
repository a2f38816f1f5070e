namespace Kane.Actors;

/// <summary>A worker node's node coordinator, as jobs and the cluster coordinator address it.</summary>
/// <param name="Node">host:port, stable across restarts (agents' home).</param>
/// <param name="Uid">The incarnation: a restarted node has a new one, and tasks dispatched to the old one are re-dispatched.</param>
/// <param name="CoordinatorPath">The node coordinator's actor path in serialization format.</param>
public sealed record NodeRef(string Node, long Uid, string CoordinatorPath);
