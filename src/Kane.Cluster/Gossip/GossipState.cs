using System.Collections.Immutable;

namespace Kane.Cluster.Gossip;

/// <summary>
/// The replicated cluster state: members, who has seen this version, reachability, the version itself, and
/// tombstones for removed incarnations (so a concurrent merge never brings one back). Immutable; every change
/// returns a new value.
/// </summary>
internal sealed record GossipState(
    ImmutableSortedSet<Member> Members,
    ImmutableHashSet<UniqueAddress> Seen,
    Reachability Reachability,
    VectorClock Version,
    ImmutableDictionary<UniqueAddress, long> Tombstones)
{
    public static readonly GossipState Empty = new(
        ImmutableSortedSet.Create<Member>(MemberByAddress.Instance), [], Reachability.Empty, VectorClock.Empty, ImmutableDictionary<UniqueAddress, long>.Empty);

    public static string ClockNode(UniqueAddress node) => $"{node.Address}#{node.Uid}";

    public bool HasMember(UniqueAddress node) => Member(node) is not null;

    public Member? Member(UniqueAddress node)
    {
        foreach (var m in Members) if (m.UniqueAddress.Equals(node)) return m;
        return null;
    }

    public bool SeenBy(UniqueAddress node) => Seen.Contains(node);

    public GossipState Increment(UniqueAddress node) => this with { Version = Version.Increment(ClockNode(node)) };

    public GossipState MarkSeen(UniqueAddress node) => Seen.Contains(node) ? this : this with { Seen = Seen.Add(node) };

    public GossipState OnlySeen(UniqueAddress node) => this with { Seen = [node] };

    public GossipState ClearSeen() => this with { Seen = [] };

    /// <summary>The set with <paramref name="member"/> in place of its old record (or added).</summary>
    public GossipState Update(Member member)
    {
        var existing = Member(member.UniqueAddress);
        var members = existing is null ? Members.Add(member) : Members.Remove(existing).Add(member);
        return this with { Members = members };
    }

    /// <summary>Removes an incarnation for good: member, seen mark, reachability rows and clock entry; leaves a tombstone.</summary>
    public GossipState Remove(UniqueAddress node, long nowMs)
    {
        var existing = Member(node);
        return this with
        {
            Members = existing is null ? Members : Members.Remove(existing),
            Seen = Seen.Remove(node),
            Reachability = Reachability.Remove([node]),
            Version = Version.Prune(ClockNode(node)),
            Tombstones = Tombstones.SetItem(node, nowMs),
        };
    }

    public GossipState PruneTombstones(long removeBeforeMs) =>
        Tombstones.Values.Any(t => t < removeBeforeMs)
            ? this with { Tombstones = Tombstones.Where(t => t.Value >= removeBeforeMs).ToImmutableDictionary() }
            : this;

    /// <summary>
    /// Merges two concurrent gossips: clocks pairwise-max, each member from the side with the higher status, the
    /// reachability rows each observer last wrote, tombstoned nodes pruned everywhere, and seen reset to empty
    /// (nobody has seen the merged version yet).
    /// </summary>
    public GossipState Merge(GossipState that)
    {
        var tombstones = Tombstones.SetItems(that.Tombstones.Where(t => !Tombstones.ContainsKey(t.Key)));
        var version = Version.Merge(that.Version);
        foreach (var dead in tombstones.Keys) version = version.Prune(ClockNode(dead));

        var members = ImmutableSortedSet.CreateBuilder(MemberByAddress.Instance);
        var theirs = that.Members.ToDictionary(m => m.UniqueAddress);
        foreach (var mine in Members)
        {
            if (tombstones.ContainsKey(mine.UniqueAddress)) continue;
            if (theirs.Remove(mine.UniqueAddress, out var other)) members.Add(Kane.Cluster.Member.HighestPriorityOf(mine, other));
            else if (KeepOneSided(mine)) members.Add(mine);
        }
        foreach (var other in theirs.Values)
            if (!tombstones.ContainsKey(other.UniqueAddress) && KeepOneSided(other)) members.Add(other);

        var merged = members.ToImmutable();
        var allowed = merged.Select(m => m.UniqueAddress).ToHashSet();
        return new GossipState(merged, [], Reachability.Merge(allowed, that.Reachability), version, tombstones);
    }

    // A Down or Exiting member only one side knows was most likely removed by the other side's leader already.
    private static bool KeepOneSided(Member m) => m.Status is not (MemberStatus.Down or MemberStatus.Exiting);

    public override string ToString() =>
        $"Gossip(members [{string.Join(", ", Members)}], seen [{string.Join(", ", Seen)}], {Version})";
}
