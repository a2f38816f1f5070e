namespace Kane.Cluster;

/// <summary>Where a member is in its life in the cluster. Declared in lifecycle order.</summary>
public enum MemberStatus
{
    /// <summary>Accepted by a contact node; the leader moves it to Up at convergence.</summary>
    Joining,
    /// <summary>Up in all but name while the cluster cannot converge (after <c>allow-weakly-up-members</c>).</summary>
    WeaklyUp,
    Up,
    /// <summary>Asked to leave; the leader moves it to Exiting at convergence.</summary>
    Leaving,
    Exiting,
    /// <summary>Declared dead by an operator or the downing provider; it will be removed.</summary>
    Down,
    /// <summary>Gone for good; a restart must join again under a new uid.</summary>
    Removed,
}
