using System.Collections.Immutable;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// The coordinator's view: regions (by path) and the shards each holds, proxies, and which shard lives where.
/// Immutable. <see cref="Apply"/> is total: a duplicate or out-of-order event (a shard allocated twice, a region
/// terminated that was never registered, a deallocation of an unknown shard) is absorbed with a warning in the
/// returned note instead of failing recovery (Akka.NET's "already allocated" recovery failures).
/// </summary>
internal sealed record CoordinatorState(
    ImmutableDictionary<string, ImmutableList<string>> Regions,
    ImmutableHashSet<string> Proxies,
    ImmutableDictionary<string, string> Shards)
{
    public static readonly CoordinatorState Empty = new(
        ImmutableDictionary<string, ImmutableList<string>>.Empty, [], ImmutableDictionary<string, string>.Empty);

    /// <summary>The state after <paramref name="e"/>, and a note when the event did not fit (null when it did).</summary>
    public (CoordinatorState State, string? Note) Apply(ICoordinatorEvent e) => throw new NotImplementedException("helper S1 implements this");
}
