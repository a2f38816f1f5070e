namespace Kane.Actors;

/// <summary>The agents cluster as the cluster coordinator sees it.</summary>
public enum ClusterStatus
{
    /// <summary>No worker node has registered yet.</summary>
    Initializing,
    Running,
    /// <summary>A worker node is unreachable, or every node is above its load threshold.</summary>
    Degraded,
    Stopping,
    Stopped,
}
