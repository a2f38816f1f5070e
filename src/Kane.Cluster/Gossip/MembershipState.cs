using System.Collections.Immutable;

namespace Kane.Cluster.Gossip;

/// <summary>The gossip as one node sees it: convergence, the leader, and whom to gossip with.</summary>
internal sealed record MembershipState(GossipState Gossip, UniqueAddress Self)
{
    private static bool IsConvergenceStatus(MemberStatus s) => s is MemberStatus.Up or MemberStatus.Leaving;

    private static bool IsLeaderStatus(MemberStatus s) => s is MemberStatus.Up or MemberStatus.Leaving;

    public Member? SelfMember => Gossip.Member(Self);

    /// <summary>
    /// The reachability verdicts that still count: those of members that are not Down. A downed member's stale
    /// verdicts (often the reason it was downed) must not block convergence, or the leader could never remove it.
    /// </summary>
    public Reachability ReachabilityExcludingDownedObservers =>
        Gossip.Members.Any(m => m.Status == MemberStatus.Down)
            ? Gossip.Reachability.RemoveObservers(Gossip.Members.Where(m => m.Status == MemberStatus.Down).Select(m => m.UniqueAddress))
            : Gossip.Reachability;

    /// <summary>Members some observer that is not Down reports as unreachable or terminated (self excluded).</summary>
    public ImmutableHashSet<UniqueAddress> Unreachable => ReachabilityExcludingDownedObservers.AllUnreachableOrTerminated.Remove(Self);

    /// <summary>
    /// Convergence: every unreachable member (other than self) is Down or Exiting or has confirmed its exit, and
    /// every Up or Leaving member that is not unreachable has seen the current version.
    /// </summary>
    public bool IsConverged(IReadOnlySet<UniqueAddress> exitingConfirmed)
    {
        var unreachable = Unreachable;
        foreach (var m in Gossip.Members)
        {
            if (unreachable.Contains(m.UniqueAddress))
            {
                if (m.Status is not (MemberStatus.Down or MemberStatus.Exiting) && !exitingConfirmed.Contains(m.UniqueAddress)) return false;
                continue;
            }
            if (IsConvergenceStatus(m.Status) && !Gossip.SeenBy(m.UniqueAddress) && !exitingConfirmed.Contains(m.UniqueAddress)) return false;
        }
        return true;
    }

    /// <summary>The lowest-address reachable Up or Leaving member (falling back to any reachable non-Down one).</summary>
    public Member? Leader => LeaderOf(Gossip.Members);

    public Member? RoleLeader(string role) => LeaderOf(Gossip.Members.Where(m => m.HasRole(role)));

    private Member? LeaderOf(IEnumerable<Member> candidates)
    {
        var reachability = ReachabilityExcludingDownedObservers;
        var reachable = candidates.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed)
            && (m.UniqueAddress.Equals(Self) || reachability.IsReachable(m.UniqueAddress))).ToList();
        return reachable.FirstOrDefault(m => IsLeaderStatus(m.Status)) ?? reachable.FirstOrDefault();
    }

    public bool IsLeader => Leader?.UniqueAddress.Equals(Self) == true;

    /// <summary>Never self, never a member this node itself sees as unreachable, never a removed one.</summary>
    public bool IsValidGossipTarget(UniqueAddress node) =>
        !node.Equals(Self) && Gossip.Reachability.IsReachable(Self, node) && Gossip.Member(node) is { Status: not MemberStatus.Removed };

    /// <summary>Extra gossip rounds help when a member is Down or fewer than half have seen the latest version.</summary>
    public bool IsGossipSpeedupNeeded =>
        Gossip.Members.Any(m => m.Status == MemberStatus.Down) || Gossip.Seen.Count < Gossip.Members.Count / 2.0;

    /// <summary>The members this node heartbeats and watches (everything except removed ones).</summary>
    public IEnumerable<UniqueAddress> AllNodes => Gossip.Members.Select(m => m.UniqueAddress);
}
