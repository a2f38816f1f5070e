using Kane.Cluster.Gossip;

namespace Kane.Cluster.Downing;

/// <summary>What the resolver wants done now: the nodes to down and why.</summary>
internal sealed record DowningAction(IReadOnlyCollection<UniqueAddress> Nodes, string Reason);

/// <summary>
/// The split brain resolver's timing around the pure strategies: it decides only after the partition picture
/// (members, unreachable and indirectly connected nodes) has stayed the same for stable-after, only on the leader,
/// and downs everything when the picture keeps changing past stable-after + down-all-when-unstable. The daemon
/// feeds it every state change and asks it on every leader tick.
/// </summary>
internal sealed class SplitBrainResolver(SplitBrainResolverSettings settings)
{
    private string _signature = "";
    private long _stableSince;
    private long? _unstableSince;

    public SplitBrainResolverSettings Settings => settings;

    public void OnStateChanged(MembershipState state, long nowMs)
    {
        var view = View(state);
        var signature = Signature(view);
        if (signature == _signature) return;
        _signature = signature;
        _stableSince = nowMs;
        if (!view.HasProblems) _unstableSince = null;
        else _unstableSince ??= nowMs;
    }

    /// <summary>The downing to do now, or null (no problem, not stable yet, or not the leader).</summary>
    public DowningAction? Decide(MembershipState state, long nowMs)
    {
        var view = View(state);
        if (!view.HasProblems || !state.IsLeader) return null;
        if (settings.DownAllWhenUnstable is { } extra && _unstableSince is { } since
            && nowMs - since >= (long)(settings.StableAfter + extra).TotalMilliseconds)
            return Reset(Act(state, view, DowningDecision.DownAll,
                $"reachability kept changing for longer than stable-after + down-all-when-unstable ({(settings.StableAfter + extra).TotalSeconds:0.#}s)"), nowMs);
        if (nowMs - _stableSince < (long)settings.StableAfter.TotalMilliseconds) return null;

        if (view.OnlyIndirectlyConnected)
            return Reset(new DowningAction(view.IndirectlyConnected, "indirectly connected (unreachable from some members while reporting others unreachable)"), nowMs);
        var decision = settings.Strategy switch
        {
            DowningStrategyKind.KeepMajority => DowningStrategies.KeepMajority(view, settings.Role),
            DowningStrategyKind.StaticQuorum => DowningStrategies.StaticQuorum(view, settings.QuorumSize, settings.Role),
            DowningStrategyKind.KeepOldest => DowningStrategies.KeepOldest(view, settings.DownIfAlone, settings.Role),
            DowningStrategyKind.DownAll => DowningDecision.DownAll,
            _ => (DowningDecision?)null,
        };
        if (decision is null) return null; // lease-majority decides asynchronously (see DecideWithLease)
        return Reset(Act(state, view, decision.Value), nowMs);
    }

    /// <summary>For lease-majority: whether this side is the majority (it tries for the lease at once; the minority waits first).</summary>
    public bool IsMajoritySide(MembershipState state) => DowningStrategies.KeepMajority(View(state), settings.Role) == DowningDecision.DownUnreachable;

    public bool IsReadyForLease(MembershipState state, long nowMs) =>
        View(state).HasProblems && state.IsLeader && nowMs - _stableSince >= (long)settings.StableAfter.TotalMilliseconds;

    /// <summary>Lease-majority outcome: holding the lease means this side survives.</summary>
    public DowningAction LeaseOutcome(MembershipState state, bool acquired, long nowMs) =>
        Reset(Act(state, View(state), acquired ? DowningDecision.DownUnreachable : DowningDecision.DownReachable), nowMs)!;

    private static DowningAction Act(MembershipState state, PartitionView view, DowningDecision decision, string? why = null)
    {
        var nodes = DowningStrategies.NodesToDown(view, decision).ToHashSet();
        // Joining and WeaklyUp members do not count in the decision, but they go down with the side they are on:
        // left behind, they would wait forever for a leader to move them up.
        var unreachable = state.Unreachable;
        foreach (var m in state.Gossip.Members)
        {
            if (m.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp)) continue;
            var isUnreachable = unreachable.Contains(m.UniqueAddress);
            if (decision == DowningDecision.DownAll
                || (decision == DowningDecision.DownUnreachable && isUnreachable)
                || (decision == DowningDecision.DownReachable && !isUnreachable))
                nodes.Add(m.UniqueAddress);
        }
        var what = decision switch
        {
            DowningDecision.DownUnreachable => "this side survives, downing the unreachable side",
            DowningDecision.DownReachable => "the other side survives, downing this side",
            _ => "downing all members",
        };
        return new DowningAction(nodes, $"split brain resolver ({decision}): {(why is null ? "" : why + ": ")}{what}; unreachable [{string.Join(", ", view.Unreachable)}]"
            + (view.IndirectlyConnected.IsEmpty ? "" : $", indirectly connected [{string.Join(", ", view.IndirectlyConnected)}]"));
    }

    private DowningAction? Reset(DowningAction action, long nowMs)
    {
        // A decision starts both clocks afresh: the picture must be stable again, and instability counts from now.
        _stableSince = nowMs;
        if (_unstableSince is not null) _unstableSince = nowMs;
        return action.Nodes.Count == 0 ? null : action;
    }

    private static PartitionView View(MembershipState state) =>
        PartitionView.From(state.Gossip.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Exiting)), state.Gossip.Reachability.Records, state.Self);

    private static string Signature(PartitionView view) =>
        string.Join(";", view.Members.Select(m => $"{m.UniqueAddress}:{m.Status}"))
        + "|" + string.Join(",", view.Unreachable.OrderBy(n => n))
        + "|" + string.Join(",", view.IndirectlyConnected.OrderBy(n => n));
}
