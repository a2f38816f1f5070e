using Kane.Actor;

namespace Kane.Cluster;

/// <summary>Starting the cluster on an actor system.</summary>
public static class ClusterExtensions
{
    /// <summary>
    /// Starts this node's cluster membership with <paramref name="settings"/> (its seed nodes, if any, are joined
    /// at once). The system must have remoting. Calling it again returns the running cluster. With
    /// <c>active-strategy = lease-majority</c> and no <paramref name="lease"/>, a <see cref="SqlClusterLease"/> is
    /// built from <c>lease-majority.connection-string</c> (and disposed when the system terminates).
    /// </summary>
    /// <exception cref="InvalidOperationException">The system has no remoting.</exception>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the key.</exception>
    public static Cluster StartCluster(this ActorSystem system, ClusterSettings settings, IClusterLease? lease = null)
    {
        settings.Validate();
        if (settings.SplitBrainResolver is { Strategy: DowningStrategyKind.LeaseMajority } sbr && lease is null)
            return system.GetOrAddExtension(s =>
            {
                var sql = SqlClusterLease.FromSettings(sbr);
                s.WhenTerminated.ContinueWith(_ => sql.DisposeAsync().AsTask(), TaskScheduler.Default);
                return new Cluster(s, settings, sql);
            });
        return system.GetOrAddExtension(s => new Cluster(s, settings, lease));
    }

    /// <summary>Starts the cluster with the <c>kane.cluster</c> section of the system's configuration.</summary>
    public static Cluster StartCluster(this ActorSystem system) => system.StartCluster(ClusterSettings.FromConfig(system.Settings.Config));
}
