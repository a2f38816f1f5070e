using System.Collections.Immutable;

namespace Kane.Cluster.Gossip;

/// <summary>How two vector clocks relate.</summary>
internal enum ClockOrdering { Same, Before, After, Concurrent }

/// <summary>An immutable vector clock keyed by node name (<c>address#uid</c>).</summary>
internal sealed class VectorClock
{
    public static readonly VectorClock Empty = new(ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal));

    private VectorClock(ImmutableSortedDictionary<string, long> versions) => Versions = versions;

    public ImmutableSortedDictionary<string, long> Versions { get; }

    public static VectorClock From(IEnumerable<KeyValuePair<string, long>> versions) =>
        new(versions.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    public VectorClock Increment(string node) =>
        new(Versions.SetItem(node, Versions.TryGetValue(node, out var v) ? v + 1 : 1));

    public VectorClock Merge(VectorClock other)
    {
        var merged = Versions.ToBuilder();
        foreach (var (node, v) in other.Versions)
            if (!merged.TryGetValue(node, out var mine) || mine < v) merged[node] = v;
        return new VectorClock(merged.ToImmutable());
    }

    public VectorClock Prune(string node) => Versions.ContainsKey(node) ? new VectorClock(Versions.Remove(node)) : this;

    public ClockOrdering CompareTo(VectorClock other)
    {
        if (ReferenceEquals(this, other)) return ClockOrdering.Same;
        bool thisBigger = false, otherBigger = false;
        foreach (var (node, v) in Versions)
        {
            var o = other.Versions.TryGetValue(node, out var ov) ? ov : 0;
            if (v > o) thisBigger = true;
            else if (v < o) otherBigger = true;
        }
        foreach (var (node, ov) in other.Versions)
            if (!Versions.ContainsKey(node) && ov > 0) otherBigger = true;
        return (thisBigger, otherBigger) switch
        {
            (false, false) => ClockOrdering.Same,
            (true, false) => ClockOrdering.After,
            (false, true) => ClockOrdering.Before,
            _ => ClockOrdering.Concurrent,
        };
    }

    public override string ToString() => "VectorClock(" + string.Join(", ", Versions.Select(kv => $"{kv.Key} -> {kv.Value}")) + ")";
}
