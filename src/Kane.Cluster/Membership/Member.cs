using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster;

/// <summary>
/// A node as the cluster sees it. Members order by address; age is the <see cref="UpNumber"/> the leader gave
/// it when it became Up (lower is older), ties broken by address.
/// </summary>
public sealed record Member(UniqueAddress UniqueAddress, MemberStatus Status, ImmutableSortedSet<string> Roles, string AppVersion, int UpNumber = int.MaxValue)
{
    public Address Address => UniqueAddress.Address;

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>True when this member became Up before <paramref name="other"/> (address order breaks ties).</summary>
    public bool IsOlderThan(Member other) =>
        UpNumber == other.UpNumber ? AddressOrdering.Compare(Address, other.Address) < 0 : UpNumber < other.UpNumber;

    internal static Member Create(UniqueAddress node, IEnumerable<string> roles, string appVersion) =>
        new(node, MemberStatus.Joining, roles.ToImmutableSortedSet(StringComparer.Ordinal), appVersion);

    /// <summary>The member in <paramref name="status"/>; throws when the lifecycle forbids the move.</summary>
    internal Member WithStatus(MemberStatus status) =>
        status == Status ? this
        : IsAllowed(Status, status) ? this with { Status = status }
        : throw new InvalidOperationException($"{UniqueAddress} cannot move from {Status} to {status}.");

    internal static bool IsAllowed(MemberStatus from, MemberStatus to) => from switch
    {
        MemberStatus.Joining => to is MemberStatus.WeaklyUp or MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed,
        MemberStatus.WeaklyUp => to is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed,
        MemberStatus.Up => to is MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed,
        MemberStatus.Leaving => to is MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed,
        MemberStatus.Exiting => to is MemberStatus.Removed or MemberStatus.Down,
        MemberStatus.Down => to is MemberStatus.Removed,
        _ => false,
    };

    /// <summary>The record to keep when two gossips disagree about one node: the later status wins, then the older record.</summary>
    internal static Member HighestPriorityOf(Member a, Member b)
    {
        if (a.Status == b.Status) return a.IsOlderThan(b) ? a : b;
        return Priority(a.Status) >= Priority(b.Status) ? a : b;
    }

    private static int Priority(MemberStatus s) => s switch
    {
        MemberStatus.Removed => 6,
        MemberStatus.Down => 5,
        MemberStatus.Exiting => 4,
        MemberStatus.Leaving => 3,
        MemberStatus.Up => 2,
        MemberStatus.WeaklyUp => 1,
        _ => 0,
    };

    public override string ToString() => $"Member({Address}, {Status}{(Roles.IsEmpty ? "" : ", roles " + string.Join(",", Roles))})";
}

/// <summary>Orders members by unique address (address, then uid), the order of the gossip's member set.</summary>
internal sealed class MemberByAddress : IComparer<Member>
{
    public static readonly MemberByAddress Instance = new();

    public int Compare(Member? x, Member? y) => x is null ? (y is null ? 0 : -1) : x.UniqueAddress.CompareTo(y?.UniqueAddress);
}

/// <summary>Orders members oldest first.</summary>
public sealed class MemberAgeOrdering : IComparer<Member>
{
    public static readonly MemberAgeOrdering Instance = new();

    public int Compare(Member? x, Member? y) =>
        ReferenceEquals(x, y) ? 0 : x is null ? -1 : y is null ? 1 : x.IsOlderThan(y) ? -1 : y.IsOlderThan(x) ? 1 : 0;
}
