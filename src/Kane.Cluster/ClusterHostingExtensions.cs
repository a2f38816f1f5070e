using Kane.Actor;
using Kane.Hosting;

namespace Kane.Cluster;

/// <summary>Clustering for a system run by <c>services.AddKane(...)</c>.</summary>
public static class ClusterHostingExtensions
{
    /// <summary>
    /// Makes the hosted system a cluster member: settings from <c>kane.cluster</c> (and IConfiguration's
    /// <c>kane:cluster:*</c> keys), <paramref name="seedNodes"/> and <paramref name="roles"/> override them when
    /// given, <paramref name="configure"/> adjusts the rest in code. Needs WithRemoting. Call it before WithActors
    /// so actors start on a node that is already joining. With <c>active-strategy = lease-majority</c> and no
    /// <paramref name="lease"/>, the lease is a <see cref="SqlClusterLease"/> on <c>lease-majority.connection-string</c>.
    /// </summary>
    public static KaneConfigurationBuilder WithClustering(this KaneConfigurationBuilder builder, IEnumerable<string>? seedNodes = null,
        IEnumerable<string>? roles = null, Func<ClusterSettings, ClusterSettings>? configure = null, IClusterLease? lease = null) =>
        builder.WithActors((system, _) =>
        {
            var settings = ClusterSettings.FromConfig(system.Settings.Config);
            if (seedNodes is not null) settings = settings with { SeedNodes = [.. seedNodes.Select(s => ClusterSettings.ParseSeed(s))] };
            if (roles is not null) settings = settings with { Roles = [.. roles] };
            if (configure is not null) settings = configure(settings);
            system.StartCluster(settings, lease);
        });
}
