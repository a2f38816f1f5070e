using System.Collections.Immutable;

namespace Kane.Cluster.Gossip;

/// <summary>What the leader changes on a tick; null gossip when nothing changed.</summary>
internal sealed record LeaderActionResult(GossipState? Gossip, ImmutableArray<Member> Removed, ImmutableArray<Member> Exiting);

/// <summary>The leader's duties as pure functions of the gossip.</summary>
internal static class LeaderActions
{
    /// <summary>
    /// At convergence: Joining/WeaklyUp → Up once enough members (and enough per role) are there, each with the next
    /// up-number; Leaving → Exiting; unreachable Down/Exiting members, confirmed exits and Down members that have
    /// seen their own downing are removed.
    /// </summary>
    public static LeaderActionResult OnConvergence(MembershipState state, int minNrOfMembers, IReadOnlyDictionary<string, int> minNrOfMembersPerRole,
        IReadOnlySet<UniqueAddress> exitingConfirmed, long nowMs)
    {
        var gossip = state.Gossip;
        var unreachable = state.Unreachable;
        var live = gossip.Members.Where(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up).ToList();
        var enough = live.Count >= minNrOfMembers
            && minNrOfMembersPerRole.All(kv => live.Count(m => m.HasRole(kv.Key)) >= kv.Value);

        var removed = ImmutableArray.CreateBuilder<Member>();
        var exiting = ImmutableArray.CreateBuilder<Member>();
        var changed = false;
        var upNumber = gossip.Members.Where(m => m.UpNumber != int.MaxValue).Select(m => m.UpNumber).DefaultIfEmpty(0).Max();

        foreach (var m in gossip.Members)
        {
            var node = m.UniqueAddress;
            var remove = (unreachable.Contains(node) && m.Status is MemberStatus.Down or MemberStatus.Exiting)
                || (m.Status == MemberStatus.Exiting && exitingConfirmed.Contains(node))
                || (m.Status == MemberStatus.Down && gossip.SeenBy(node) && !node.Equals(state.Self));
            if (remove)
            {
                removed.Add(m);
                changed = true;
                continue;
            }
            if (enough && m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp && !unreachable.Contains(node))
            {
                gossip = gossip.Update(m.WithStatus(MemberStatus.Up) with { UpNumber = ++upNumber });
                changed = true;
            }
            else if (m.Status == MemberStatus.Leaving)
            {
                var next = m.WithStatus(MemberStatus.Exiting);
                gossip = gossip.Update(next);
                exiting.Add(next);
                changed = true;
            }
        }
        foreach (var m in removed) gossip = gossip.Remove(m.UniqueAddress, nowMs);
        return new LeaderActionResult(changed ? gossip.Increment(state.Self).OnlySeen(state.Self) : null, removed.ToImmutable(), exiting.ToImmutable());
    }

    /// <summary>Without convergence, reachable Joining members become WeaklyUp so they can work already.</summary>
    public static GossipState? MoveJoiningToWeaklyUp(MembershipState state)
    {
        var gossip = state.Gossip;
        var unreachable = state.Unreachable;
        var joining = gossip.Members.Where(m => m.Status == MemberStatus.Joining && !unreachable.Contains(m.UniqueAddress)).ToList();
        if (joining.Count == 0) return null;
        foreach (var m in joining) gossip = gossip.Update(m.WithStatus(MemberStatus.WeaklyUp));
        return gossip.Increment(state.Self).OnlySeen(state.Self);
    }
}
