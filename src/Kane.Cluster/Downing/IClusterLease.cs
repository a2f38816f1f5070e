namespace Kane.Cluster;

/// <summary>
/// A lease only one owner can hold at a time, for the lease-majority strategy: after a partition, the side whose
/// leader takes it survives. Implementations must be safe against two sides asking at once.
/// </summary>
public interface IClusterLease
{
    /// <summary>True when <paramref name="owner"/> holds the lease now (newly taken, or already its own and renewed).</summary>
    Task<bool> TryAcquireAsync(string owner);

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it.</summary>
    Task ReleaseAsync(string owner);
}
