using System.Collections.Immutable;

namespace Kane.Cluster.Downing;

/// <summary>
/// The leader's picture of a partition: the members that count (Joining and WeaklyUp ones do not), which of them
/// are unreachable from this side, and the indirectly connected ones (seen unreachable by some members while
/// themselves reporting others unreachable: neither side can rely on them).
/// </summary>
internal sealed record PartitionView(ImmutableSortedSet<Member> Members, ImmutableHashSet<UniqueAddress> Unreachable, ImmutableHashSet<UniqueAddress> IndirectlyConnected, UniqueAddress Self)
{
    public static PartitionView From(IEnumerable<Member> allMembers, IEnumerable<Gossip.ReachabilityRecord> records, UniqueAddress self)
    {
        var members = allMembers.Where(m => m.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Removed))
            .ToImmutableSortedSet(MemberByAddress.Instance);
        var known = members.Select(m => m.UniqueAddress).ToHashSet();
        var unreachableRows = records.Where(r => r.Status != Gossip.ReachabilityStatus.Reachable && known.Contains(r.Subject) && known.Contains(r.Observer)).ToList();
        var subjects = unreachableRows.Select(r => r.Subject).ToImmutableHashSet();
        var observers = unreachableRows.Select(r => r.Observer).ToHashSet();
        // A node that both reports others unreachable and is reported unreachable itself sits on a link failure
        // inside a side, not on a clean partition: neither side can count on it.
        var indirect = subjects.Where(observers.Contains).ToImmutableHashSet();
        var unreachable = subjects.Except(indirect).Remove(self);
        return new PartitionView(members, unreachable, indirect, self);
    }

    /// <summary>Members this side can reach (self included) among those with <paramref name="role"/>.</summary>
    public IReadOnlyList<Member> ReachableWith(string? role) =>
        Members.Where(m => (role is null || m.HasRole(role)) && !Unreachable.Contains(m.UniqueAddress) && !IndirectlyConnected.Contains(m.UniqueAddress)).ToList();

    public IReadOnlyList<Member> UnreachableWith(string? role) =>
        Members.Where(m => (role is null || m.HasRole(role)) && (Unreachable.Contains(m.UniqueAddress) || IndirectlyConnected.Contains(m.UniqueAddress))).ToList();

    public bool HasProblems => !Unreachable.IsEmpty || !IndirectlyConnected.IsEmpty;

    /// <summary>Only indirectly connected nodes are in trouble: down them and keep everything else.</summary>
    public bool OnlyIndirectlyConnected => Unreachable.IsEmpty && !IndirectlyConnected.IsEmpty;
}
