using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.Gossip;

namespace Kane.Cluster;

/// <summary>The events that take a subscriber from one membership state to the next (pure).</summary>
internal static class ClusterEventDiff
{
    public static IReadOnlyList<IClusterDomainEvent> Diff(MembershipState? before, MembershipState after)
    {
        var events = new List<IClusterDomainEvent>();
        var old = before?.Gossip.Members.ToDictionary(m => m.UniqueAddress) ?? [];
        foreach (var m in after.Gossip.Members)
        {
            if (old.Remove(m.UniqueAddress, out var previous) && previous.Status == m.Status) continue;
            if (StatusEvent(m) is { } e) events.Add(e);
        }
        foreach (var gone in old.Values)
            events.Add(new MemberRemoved(gone with { Status = MemberStatus.Removed }, gone.Status));

        var wasUnreachable = before is null ? [] : UnreachableMembers(before).Select(m => m.UniqueAddress).ToHashSet();
        var isUnreachable = UnreachableMembers(after).ToList();
        foreach (var m in isUnreachable)
            if (!wasUnreachable.Remove(m.UniqueAddress)) events.Add(new UnreachableMember(m));
        foreach (var node in wasUnreachable)
            if (after.Gossip.Member(node) is { } m) events.Add(new ReachableMember(m));

        if (before?.Leader?.Address != after.Leader?.Address) events.Add(new LeaderChanged(after.Leader?.Address));
        var roles = after.Gossip.Members.SelectMany(m => m.Roles).Concat(before?.Gossip.Members.SelectMany(m => m.Roles) ?? []).Distinct();
        foreach (var role in roles)
        {
            var now = after.RoleLeader(role)?.Address;
            if (before?.RoleLeader(role)?.Address != now) events.Add(new RoleLeaderChanged(role, now));
        }
        return events;
    }

    public static CurrentClusterState Snapshot(MembershipState state)
    {
        var roles = state.Gossip.Members.SelectMany(m => m.Roles).Distinct();
        return new CurrentClusterState(
            state.Gossip.Members,
            UnreachableMembers(state).ToImmutableHashSet(),
            state.Gossip.Seen.Select(n => n.Address).ToImmutableHashSet(),
            state.Leader?.Address,
            roles.ToImmutableDictionary(r => r, r => state.RoleLeader(r)?.Address));
    }

    /// <summary>Events that build <paramref name="state"/> from nothing, for subscribers asking for events.</summary>
    public static IReadOnlyList<IClusterDomainEvent> InitialEvents(MembershipState state) => Diff(null, state);

    private static IEnumerable<Member> UnreachableMembers(MembershipState state)
    {
        var unreachable = state.Unreachable;
        return state.Gossip.Members.Where(m => unreachable.Contains(m.UniqueAddress));
    }

    private static IClusterDomainEvent? StatusEvent(Member m) => m.Status switch
    {
        MemberStatus.Joining => new MemberJoined(m),
        MemberStatus.WeaklyUp => new MemberWeaklyUp(m),
        MemberStatus.Up => new MemberUp(m),
        MemberStatus.Leaving => new MemberLeft(m),
        MemberStatus.Exiting => new MemberExited(m),
        MemberStatus.Down => new MemberDowned(m),
        _ => null,
    };
}
