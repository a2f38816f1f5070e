using Kane.Actor;

namespace Kane.Cluster;

/// <summary>Starting the cluster on an actor system.</summary>
public static class ClusterExtensions
{
    /// <summary>
    /// Starts this node's cluster membership with <paramref name="settings"/> (its seed nodes, if any, are joined
    /// at once). The system must have remoting. Calling it again returns the running cluster.
    /// </summary>
    /// <exception cref="InvalidOperationException">The system has no remoting.</exception>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the key.</exception>
    public static Cluster StartCluster(this ActorSystem system, ClusterSettings settings, IClusterLease? lease = null)
    {
        settings.Validate();
        if (settings.SplitBrainResolver?.Strategy == DowningStrategyKind.LeaseMajority && lease is null)
            throw new ArgumentException("kane.cluster.split-brain-resolver.active-strategy = lease-majority needs a lease: pass one to StartCluster (e.g. SqlClusterLease) or use WithClustering, which builds it from lease-majority.connection-string.", nameof(lease));
        return system.GetOrAddExtension(s => new Cluster(s, settings, lease));
    }

    /// <summary>Starts the cluster with the <c>kane.cluster</c> section of the system's configuration.</summary>
    public static Cluster StartCluster(this ActorSystem system) => system.StartCluster(ClusterSettings.FromConfig(system.Settings.Config));
}
