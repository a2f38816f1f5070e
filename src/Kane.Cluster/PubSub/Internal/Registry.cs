using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.PubSub.Internal;

/// <summary>One registration; <see cref="Ref"/> null marks a removal kept until removed-time-to-live.</summary>
internal sealed record ValueHolder(long Version, IActorRef? Ref);

/// <summary>One node's registrations, versioned: only the owner writes its bucket, the others copy newer entries.</summary>
internal sealed record Bucket(Address Owner, long Version, ImmutableDictionary<string, ValueHolder> Content)
{
    public static Bucket Empty(Address owner) => new(owner, 0, ImmutableDictionary<string, ValueHolder>.Empty.WithComparers(StringComparer.Ordinal));
}

/// <summary>The replicated registry's pure operations: versions, deltas, merge, pruning.</summary>
internal static class Registry
{
    public const string TopicPrefix = "topic:";

    public static string TopicKey(string topic) => TopicPrefix + topic;

    public static ImmutableDictionary<Address, long> Versions(ImmutableDictionary<Address, Bucket> buckets) =>
        buckets.ToImmutableDictionary(b => b.Key, b => b.Value.Version);

    /// <summary>
    /// The entries newer than <paramref name="theirs"/>, at most <paramref name="max"/>, oldest first per bucket; a
    /// truncated bucket carries the version of its last entry sent, so the rest follows in later rounds.
    /// </summary>
    public static IReadOnlyList<Bucket> Delta(ImmutableDictionary<Address, Bucket> buckets, IReadOnlyDictionary<Address, long> theirs, int max)
    {
        var result = new List<Bucket>();
        var budget = max;
        foreach (var bucket in buckets.Values)
        {
            if (budget <= 0) break;
            var known = theirs.GetValueOrDefault(bucket.Owner);
            if (bucket.Version <= known) continue;
            var newer = bucket.Content.Where(e => e.Value.Version > known).OrderBy(e => e.Value.Version).ToList();
            if (newer.Count == 0) continue;
            var taken = newer.Take(budget).ToList();
            budget -= taken.Count;
            var version = taken.Count < newer.Count ? taken[^1].Value.Version : bucket.Version;
            result.Add(new Bucket(bucket.Owner, version, taken.ToImmutableDictionary(StringComparer.Ordinal)));
        }
        return result;
    }

    /// <summary>Copies newer buckets of other owners that <paramref name="isMember"/> accepts; this node's own bucket is never overwritten.</summary>
    public static ImmutableDictionary<Address, Bucket> Merge(ImmutableDictionary<Address, Bucket> buckets, IEnumerable<Bucket> delta, Address self, Func<Address, bool> isMember)
    {
        foreach (var incoming in delta)
        {
            if (incoming.Owner == self || !isMember(incoming.Owner)) continue;
            var mine = buckets.GetValueOrDefault(incoming.Owner) ?? Bucket.Empty(incoming.Owner);
            if (incoming.Version <= mine.Version) continue;
            buckets = buckets.SetItem(incoming.Owner, mine with { Version = incoming.Version, Content = mine.Content.SetItems(incoming.Content) });
        }
        return buckets;
    }

    /// <summary>Forgets removal marks older than <paramref name="ttlMs"/> (versions are milliseconds since the epoch).</summary>
    public static ImmutableDictionary<Address, Bucket> Prune(ImmutableDictionary<Address, Bucket> buckets, long nowMs, long ttlMs)
    {
        foreach (var bucket in buckets.Values)
        {
            var expired = bucket.Content.Where(e => e.Value.Ref is null && e.Value.Version < nowMs - ttlMs).Select(e => e.Key).ToList();
            if (expired.Count > 0) buckets = buckets.SetItem(bucket.Owner, bucket with { Content = bucket.Content.RemoveRange(expired) });
        }
        return buckets;
    }

    /// <summary>Every live registration under <paramref name="key"/>, this node's first.</summary>
    public static List<IActorRef> Lookup(ImmutableDictionary<Address, Bucket> buckets, string key, Address self)
    {
        var refs = new List<IActorRef>();
        if (buckets.TryGetValue(self, out var own) && own.Content.TryGetValue(key, out var local) && local.Ref is { } l) refs.Add(l);
        foreach (var bucket in buckets.Values)
            if (bucket.Owner != self && bucket.Content.TryGetValue(key, out var holder) && holder.Ref is { } r) refs.Add(r);
        return refs;
    }
}
