using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.Singleton.Internal;

/// <summary>
/// Where the singleton belongs (pure): the oldest member with the role that is Up, Leaving or Down. A leaving
/// member keeps it until it is Exiting (then it hands over); a downed one until it is removed (then the removal
/// margin runs), so that managers and proxies on every node agree on one place for each membership view.
/// </summary>
internal static class SingletonPlacement
{
    public static bool IsCandidate(Member m, string? role) =>
        m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Down && (role is null || m.HasRole(role));

    public static Member? Oldest(IEnumerable<Member> members, string? role) =>
        members.Where(m => IsCandidate(m, role)).OrderBy(m => m, MemberAgeOrdering.Instance).FirstOrDefault();

    /// <summary>The member view after <paramref name="e"/> (removed members are dropped).</summary>
    public static ImmutableDictionary<UniqueAddress, Member> Apply(ImmutableDictionary<UniqueAddress, Member> members, MemberEvent e) =>
        e is MemberRemoved ? members.Remove(e.Member.UniqueAddress) : members.SetItem(e.Member.UniqueAddress, e.Member);

    public static ImmutableDictionary<UniqueAddress, Member> From(CurrentClusterState state) =>
        state.Members.ToImmutableDictionary(m => m.UniqueAddress);

    /// <summary>The actor at the same path as <paramref name="self"/> on the system at <paramref name="address"/>.</summary>
    public static ActorPath SamePathAt(Address address, ActorPath self)
    {
        var path = ActorPath.Root(address);
        foreach (var element in self.Elements) path /= element;
        return path;
    }
}
