using System.Collections.Immutable;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// The coordinator's view: regions (by path) and the shards each holds, proxies, and which shard lives where.
/// Immutable. <see cref="Apply"/> is total: a duplicate or out-of-order event (a shard allocated twice, a region
/// terminated that was never registered, a deallocation of an unknown shard) is absorbed with a warning in the
/// returned note instead of failing recovery (Akka.NET's "already allocated" recovery failures).
/// </summary>
/// <remarks>
/// How each misfit is absorbed (the later event is taken as the truth, since it was written later):
/// <list type="bullet">
/// <item>Registering a region or proxy that is already registered, terminating one that is not, deallocating a shard
/// that is not allocated, allocating a shard to the region that already has it: no change.</item>
/// <item>Allocating a shard to a region that was never registered: the region is registered implicitly (the
/// allocation proves it existed; if it is gone, the recovered coordinator's death watch terminates it).</item>
/// <item>Allocating a shard that is allocated elsewhere: it moves to the new region.</item>
/// </list>
/// Applying an event a second time right after the first changes nothing, so a journal with repeated events
/// recovers to the same state as one without. Equality is by content (a region's shards compare as a set).
/// </remarks>
internal sealed record CoordinatorState(
    ImmutableDictionary<string, ImmutableList<string>> Regions,
    ImmutableHashSet<string> Proxies,
    ImmutableDictionary<string, string> Shards)
{
    public static readonly CoordinatorState Empty = new(
        ImmutableDictionary.Create<string, ImmutableList<string>>(StringComparer.Ordinal),
        ImmutableHashSet.Create<string>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, string>(StringComparer.Ordinal));

    /// <summary>Every allocated shard.</summary>
    public IEnumerable<string> AllShards => Shards.Keys;

    /// <summary>The region that hosts <paramref name="shard"/>, null when it is not allocated.</summary>
    public string? RegionOf(string shard) => Shards.GetValueOrDefault(shard);

    /// <summary>The shards <paramref name="region"/> hosts, in allocation order (empty for an unknown region).</summary>
    public ImmutableList<string> ShardsOf(string region) => Regions.GetValueOrDefault(region) ?? [];

    public bool HasRegion(string region) => Regions.ContainsKey(region);

    /// <summary>The state after the region is gone: its shards are unallocated (as after <see cref="ShardRegionTerminated"/>).</summary>
    public CoordinatorState WithoutRegion(string region) => Apply(new ShardRegionTerminated(region)).State;

    /// <summary>The state after <paramref name="e"/>, and a note when the event did not fit (null when it did).</summary>
    public (CoordinatorState State, string? Note) Apply(ICoordinatorEvent e) => e switch
    {
        ShardRegionRegistered r => Regions.ContainsKey(r.Region)
            ? (this, $"region {r.Region} registered again; ignored")
            : (this with { Regions = Regions.Add(r.Region, []) }, null),
        ShardRegionProxyRegistered p => Proxies.Contains(p.Proxy)
            ? (this, $"proxy {p.Proxy} registered again; ignored")
            : (this with { Proxies = Proxies.Add(p.Proxy) }, null),
        ShardRegionTerminated r => Regions.TryGetValue(r.Region, out var shards)
            ? (this with { Regions = Regions.Remove(r.Region), Shards = Shards.RemoveRange(shards) }, null)
            : (this, $"region {r.Region} terminated but was not registered; ignored"),
        ShardRegionProxyTerminated p => Proxies.Contains(p.Proxy)
            ? (this with { Proxies = Proxies.Remove(p.Proxy) }, null)
            : (this, $"proxy {p.Proxy} terminated but was not registered; ignored"),
        ShardHomeAllocated a => Allocate(a.Shard, a.Region),
        ShardHomeDeallocated d => Shards.TryGetValue(d.Shard, out var region)
            ? (this with { Shards = Shards.Remove(d.Shard), Regions = Regions.SetItem(region, Regions[region].Remove(d.Shard)) }, null)
            : (this, $"shard {d.Shard} deallocated but was not allocated; ignored"),
        _ => (this, $"unknown coordinator event {e.GetType().Name}; ignored"),
    };

    /// <summary>Applies <paramref name="events"/> in order (a recovery), collecting the notes of those that did not fit.</summary>
    public (CoordinatorState State, IReadOnlyList<string> Notes) ApplyAll(IEnumerable<ICoordinatorEvent> events)
    {
        var state = this;
        var notes = new List<string>();
        foreach (var e in events)
        {
            (state, var note) = state.Apply(e);
            if (note is not null) notes.Add(note);
        }
        return (state, notes);
    }

    private (CoordinatorState, string?) Allocate(string shard, string region)
    {
        var current = Shards.GetValueOrDefault(shard);
        if (current == region) return (this, $"shard {shard} allocated to {region} again; ignored");

        var regions = Regions;
        var notes = new List<string>(2);
        if (current is not null)
        {
            regions = regions.SetItem(current, regions[current].Remove(shard));
            notes.Add($"shard {shard} was allocated to {current}; moved to {region}");
        }
        if (!regions.TryGetValue(region, out var held))
        {
            held = [];
            notes.Add($"shard {shard} allocated to unregistered region {region}; region registered implicitly");
        }
        var next = this with { Regions = regions.SetItem(region, held.Add(shard)), Shards = Shards.SetItem(shard, region) };
        return (next, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    /// <summary>The state in a plain, serializable form (regions and proxies in ordinal order).</summary>
    public CoordinatorSnapshot ToSnapshot() => new(
        [.. Regions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new CoordinatorSnapshot.RegionShards(r.Key, [.. r.Value]))],
        [.. Proxies.Order(StringComparer.Ordinal)]);

    /// <summary>The state a snapshot describes; as tolerant as <see cref="Apply"/> (a shard listed twice ends in the later region).</summary>
    public static CoordinatorState FromSnapshot(CoordinatorSnapshot snapshot)
    {
        var events = new List<ICoordinatorEvent>();
        foreach (var region in snapshot.Regions ?? [])
        {
            events.Add(new ShardRegionRegistered(region.Region));
            events.AddRange((region.Shards ?? []).Select(s => new ShardHomeAllocated(s, region.Region)));
        }
        events.AddRange((snapshot.Proxies ?? []).Select(p => new ShardRegionProxyRegistered(p)));
        return Empty.ApplyAll(events).State;
    }

    public bool Equals(CoordinatorState? other) =>
        other is not null
        && Proxies.SetEquals(other.Proxies)
        && Shards.Count == other.Shards.Count
        && Regions.Count == other.Regions.Count
        && Regions.All(r => other.Regions.TryGetValue(r.Key, out var theirs) && theirs.Count == r.Value.Count && theirs.ToHashSet().SetEquals(r.Value))
        && Shards.All(s => other.Shards.TryGetValue(s.Key, out var region) && region == s.Value);

    public override int GetHashCode() => HashCode.Combine(Regions.Count, Shards.Count, Proxies.Count);
}

/// <summary>The coordinator's state as a journal snapshot: plain lists, so it serializes as it reads.</summary>
internal sealed record CoordinatorSnapshot(IReadOnlyList<CoordinatorSnapshot.RegionShards> Regions, IReadOnlyList<string> Proxies)
{
    /// <summary>A region and the shards it hosts.</summary>
    internal sealed record RegionShards(string Region, IReadOnlyList<string> Shards);
}
