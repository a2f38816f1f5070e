using Kane.Actor;
using Kane.Cluster.Singleton.Internal;

namespace Kane.Cluster.Singleton;

/// <summary>
/// Keeps one instance of an actor in the cluster: create the manager (with the same name) on every node, or every
/// node with the role; the one on the oldest member runs the singleton as its child <c>NAME</c>
/// (<see cref="ClusterSingletonSettings.SingletonName"/>). Talk to it through a <see cref="ClusterSingletonProxy"/>.
/// </summary>
/// <remarks>
/// When the oldest member leaves gracefully the singleton is handed over: the old manager stops it with the
/// termination message and waits for it to stop before the new oldest starts its own, and coordinated shutdown's
/// cluster-exiting phase waits for that. When the oldest is downed and removed, the new oldest starts the singleton
/// after the removal margin (the split brain resolver's down-removal-margin, or
/// <see cref="ClusterSingletonSettings.RemovalMargin"/> without one), which gives the old copy time to stop. Apart
/// from partitions (where each side has its own oldest until the downing provider decides), two singletons never
/// run at once. A singleton that stops by itself is not restarted until the next hand-over.
/// </remarks>
public static class ClusterSingletonManager
{
    /// <summary>The manager's Props; create it under the same name on every node, e.g. <c>system.ActorOf(props, "jobs")</c>.</summary>
    /// <param name="singletonProps">The singleton actor.</param>
    /// <param name="terminationMessage">What the singleton gets to stop during a hand-over (it must then stop itself,
    /// e.g. after finishing or persisting its work); <see cref="PoisonPill"/> is the simplest.</param>
    /// <param name="settings">Hand-over timing and role; <see cref="ClusterSingletonSettings.FromConfig"/> of the system's configuration when null.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the key.</exception>
    public static Props Props(Props singletonProps, object terminationMessage, ClusterSingletonSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(singletonProps);
        ArgumentNullException.ThrowIfNull(terminationMessage);
        settings?.Validate();
        return Actor.Props.Create(() => new SingletonManager(singletonProps, terminationMessage, settings));
    }
}
