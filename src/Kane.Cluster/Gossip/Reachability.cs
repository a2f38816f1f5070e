using System.Collections.Immutable;

namespace Kane.Cluster.Gossip;

/// <summary>What one observer reports about one subject.</summary>
public enum ReachabilityStatus { Reachable, Unreachable, Terminated }

/// <summary>One row of the reachability table.</summary>
internal readonly record struct ReachabilityRecord(UniqueAddress Observer, UniqueAddress Subject, ReachabilityStatus Status, long Version);

/// <summary>
/// Who cannot reach whom. Each observer owns its rows and a version that grows with every change it makes, so a
/// merge keeps, per observer, the side with the higher version. A subject counts as unreachable when any observer
/// says so. An observer whose rows all turn reachable again drops them (keeping its version).
/// </summary>
internal sealed class Reachability
{
    public static readonly Reachability Empty = new(ImmutableSortedDictionary.Create<UniqueAddress, ObserverRows>());

    private Reachability(ImmutableSortedDictionary<UniqueAddress, ObserverRows> byObserver) => ByObserver = byObserver;

    /// <summary>Observer → its version and rows (subject → status and version).</summary>
    public ImmutableSortedDictionary<UniqueAddress, ObserverRows> ByObserver { get; }

    public IEnumerable<ReachabilityRecord> Records =>
        ByObserver.SelectMany(o => o.Value.Rows.Select(r => new ReachabilityRecord(o.Key, r.Key, r.Value.Status, r.Value.Version)));

    public static Reachability FromRecords(IEnumerable<ReachabilityRecord> records, IEnumerable<KeyValuePair<UniqueAddress, long>> versions)
    {
        var map = versions.ToDictionary(kv => kv.Key, kv => new ObserverRows(kv.Value, ImmutableSortedDictionary.Create<UniqueAddress, Row>()));
        foreach (var r in records)
        {
            var rows = map.TryGetValue(r.Observer, out var o) ? o : new ObserverRows(r.Version, ImmutableSortedDictionary.Create<UniqueAddress, Row>());
            map[r.Observer] = rows with { Rows = rows.Rows.SetItem(r.Subject, new Row(r.Status, r.Version)) };
        }
        return new Reachability(map.ToImmutableSortedDictionary());
    }

    public bool IsAllReachable => ByObserver.Values.All(o => o.Rows.Values.All(r => r.Status == ReachabilityStatus.Reachable));

    public Reachability Unreachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Unreachable);

    public Reachability Reachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Reachable);

    public Reachability Terminated(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Terminated);

    private Reachability Change(UniqueAddress observer, UniqueAddress subject, ReachabilityStatus status)
    {
        ByObserver.TryGetValue(observer, out var rows);
        var current = rows?.Rows.TryGetValue(subject, out var row) == true ? row.Status : ReachabilityStatus.Reachable;
        if (current == status || current == ReachabilityStatus.Terminated) return this;
        var version = (rows?.Version ?? 0) + 1;
        var newRows = (rows?.Rows ?? ImmutableSortedDictionary.Create<UniqueAddress, Row>()).SetItem(subject, new Row(status, version));
        if (status == ReachabilityStatus.Reachable && newRows.Values.All(r => r.Status == ReachabilityStatus.Reachable))
            newRows = newRows.Clear();
        return new Reachability(ByObserver.SetItem(observer, new ObserverRows(version, newRows)));
    }

    public ReachabilityStatus StatusOf(UniqueAddress subject)
    {
        var result = ReachabilityStatus.Reachable;
        foreach (var o in ByObserver.Values)
            if (o.Rows.TryGetValue(subject, out var r))
            {
                if (r.Status == ReachabilityStatus.Terminated) return ReachabilityStatus.Terminated;
                if (r.Status == ReachabilityStatus.Unreachable) result = ReachabilityStatus.Unreachable;
            }
        return result;
    }

    public bool IsReachable(UniqueAddress subject) => StatusOf(subject) == ReachabilityStatus.Reachable;

    public bool IsReachable(UniqueAddress observer, UniqueAddress subject) =>
        !ByObserver.TryGetValue(observer, out var o) || !o.Rows.TryGetValue(subject, out var r) || r.Status == ReachabilityStatus.Reachable;

    /// <summary>Every subject some observer reports unreachable or terminated.</summary>
    public ImmutableHashSet<UniqueAddress> AllUnreachableOrTerminated =>
        ByObserver.Values.SelectMany(o => o.Rows.Where(r => r.Value.Status != ReachabilityStatus.Reachable).Select(r => r.Key)).ToImmutableHashSet();

    /// <summary>Subjects <paramref name="observer"/> itself reports unreachable (not terminated).</summary>
    public ImmutableHashSet<UniqueAddress> AllUnreachableFrom(UniqueAddress observer) =>
        ByObserver.TryGetValue(observer, out var o)
            ? o.Rows.Where(r => r.Value.Status == ReachabilityStatus.Unreachable).Select(r => r.Key).ToImmutableHashSet()
            : [];

    /// <summary>Subject → the observers that report it unreachable or terminated.</summary>
    public ImmutableDictionary<UniqueAddress, ImmutableHashSet<UniqueAddress>> ObserversGroupedByUnreachable =>
        Records.Where(r => r.Status != ReachabilityStatus.Reachable)
            .GroupBy(r => r.Subject)
            .ToImmutableDictionary(g => g.Key, g => g.Select(r => r.Observer).ToImmutableHashSet());

    /// <summary>Per observer among <paramref name="allowed"/>, the rows of whichever side has seen more of its changes.</summary>
    public Reachability Merge(IReadOnlySet<UniqueAddress> allowed, Reachability other)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, ObserverRows>();
        foreach (var observer in ByObserver.Keys.Concat(other.ByObserver.Keys).Distinct())
        {
            if (!allowed.Contains(observer)) continue;
            ByObserver.TryGetValue(observer, out var mine);
            other.ByObserver.TryGetValue(observer, out var theirs);
            var pick = mine is null ? theirs! : theirs is null ? mine : theirs.Version > mine.Version ? theirs : mine;
            var rows = pick.Rows.Where(r => allowed.Contains(r.Key)).ToImmutableSortedDictionary();
            builder[observer] = pick with { Rows = rows };
        }
        return new Reachability(builder.ToImmutable());
    }

    /// <summary>Drops every row observed by or about <paramref name="nodes"/>.</summary>
    public Reachability Remove(IEnumerable<UniqueAddress> nodes)
    {
        var set = nodes.ToHashSet();
        if (set.Count == 0) return this;
        var builder = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, ObserverRows>();
        foreach (var (observer, rows) in ByObserver)
        {
            if (set.Contains(observer)) continue;
            builder[observer] = rows with { Rows = rows.Rows.RemoveRange(set) };
        }
        return new Reachability(builder.ToImmutable());
    }

    /// <summary>Drops the rows <paramref name="observers"/> made (their verdicts no longer count).</summary>
    public Reachability RemoveObservers(IEnumerable<UniqueAddress> observers)
    {
        var result = ByObserver;
        foreach (var o in observers) result = result.Remove(o);
        return ReferenceEquals(result, ByObserver) ? this : new Reachability(result);
    }

    internal sealed record Row(ReachabilityStatus Status, long Version);

    internal sealed record ObserverRows(long Version, ImmutableSortedDictionary<UniqueAddress, Row> Rows);
}
