using Kane.Persistence.Sql;

namespace Kane.Cluster;

/// <summary>
/// The lease for <c>active-strategy = lease-majority</c>: a <c>kane_lease</c> row in SQLite or PostgreSQL, taken
/// with one conditional upsert so only one side of a partition can hold it. Built from
/// <c>kane.cluster.split-brain-resolver.lease-majority</c> when StartCluster or WithClustering gets no lease.
/// </summary>
public sealed class SqlClusterLease : IClusterLease, IAsyncDisposable
{
    private readonly SqlLease _lease;

    /// <param name="connectionString"><c>sqlite:PATH</c> or <c>postgres:CONNSTRING</c>.</param>
    /// <param name="leaseName">The row every node of one cluster contends for.</param>
    /// <param name="releaseAfter">How long a lease not renewed stays held.</param>
    /// <param name="time">The clock; the system clock by default.</param>
    /// <exception cref="ArgumentException">Unknown connection-string scheme, empty name, or release-after not positive.</exception>
    public SqlClusterLease(string connectionString, string leaseName, TimeSpan releaseAfter, TimeProvider? time = null) =>
        _lease = SqlLease.Open(connectionString, leaseName, releaseAfter, time);

    /// <summary>The lease <paramref name="settings"/> describe (connection string, lease name, release-after).</summary>
    /// <exception cref="ArgumentException">The settings name no usable lease; the message names the key.</exception>
    public static SqlClusterLease FromSettings(SplitBrainResolverSettings settings)
    {
        const string key = "kane.cluster.split-brain-resolver.lease-majority.connection-string";
        try
        {
            return new SqlClusterLease(settings.LeaseConnectionString, settings.LeaseName, settings.LeaseReleaseAfter);
        }
        catch (ArgumentException e)
        {
            throw Kane.Configuration.InvalidSetting.Error(key, settings.LeaseConnectionString, $"must name a lease database (sqlite:PATH or postgres:CONNSTRING): {e.Message}");
        }
    }

    public string Name => _lease.Name;

    public Task<bool> TryAcquireAsync(string owner) => _lease.TryAcquireAsync(owner);

    public Task ReleaseAsync(string owner) => _lease.ReleaseAsync(owner);

    public ValueTask DisposeAsync() => _lease.DisposeAsync();
}
