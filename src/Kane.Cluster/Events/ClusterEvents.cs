using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster;

/// <summary>Marker of everything the cluster publishes to subscribers.</summary>
public interface IClusterDomainEvent;

/// <summary>A change of one member's status.</summary>
public abstract record MemberEvent(Member Member) : IClusterDomainEvent;

public sealed record MemberJoined(Member Member) : MemberEvent(Member);

public sealed record MemberWeaklyUp(Member Member) : MemberEvent(Member);

public sealed record MemberUp(Member Member) : MemberEvent(Member);

public sealed record MemberLeft(Member Member) : MemberEvent(Member);

public sealed record MemberExited(Member Member) : MemberEvent(Member);

public sealed record MemberDowned(Member Member) : MemberEvent(Member);

/// <summary>The member is gone; <see cref="PreviousStatus"/> tells whether it left (Exiting) or was downed (Down).</summary>
public sealed record MemberRemoved(Member Member, MemberStatus PreviousStatus) : MemberEvent(Member);

/// <summary>A change of some member's reachability as seen by any observer.</summary>
public abstract record ReachabilityEvent(Member Member) : IClusterDomainEvent;

public sealed record UnreachableMember(Member Member) : ReachabilityEvent(Member);

public sealed record ReachableMember(Member Member) : ReachabilityEvent(Member);

/// <summary>The leader (computed from gossip) changed; null while there is none.</summary>
public sealed record LeaderChanged(Address? Leader) : IClusterDomainEvent;

public sealed record RoleLeaderChanged(string Role, Address? Leader) : IClusterDomainEvent;

/// <summary>This node started leaving or shutting down.</summary>
public sealed record ClusterShuttingDown : IClusterDomainEvent
{
    public static readonly ClusterShuttingDown Instance = new();
}

/// <summary>A member's latest load report arrived (with the heartbeats).</summary>
public sealed record MemberLoadReported(UniqueAddress Node, NodeLoad Load) : IClusterDomainEvent;

/// <summary>How a new subscriber learns the state as it is when it subscribes.</summary>
public enum InitialStateMode
{
    /// <summary>One <see cref="CurrentClusterState"/> message.</summary>
    AsSnapshot,
    /// <summary>The events that would build the current state from nothing.</summary>
    AsEvents,
}

/// <summary>A snapshot of the cluster as this node sees it.</summary>
public sealed record CurrentClusterState(
    ImmutableSortedSet<Member> Members,
    ImmutableHashSet<Member> Unreachable,
    ImmutableHashSet<Address> SeenBy,
    Address? Leader,
    ImmutableDictionary<string, Address?> RoleLeaders)
{
    public static readonly CurrentClusterState Empty = new(
        ImmutableSortedSet.Create<Member>(MemberByAddress.Instance), [], [], null, ImmutableDictionary<string, Address?>.Empty);

    public Address? RoleLeader(string role) => RoleLeaders.TryGetValue(role, out var a) ? a : null;

    public bool HasMoreThanOneMember => Members.Count > 1;
}
