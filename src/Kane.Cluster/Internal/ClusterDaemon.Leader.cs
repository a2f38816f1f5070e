using Kane.Actor;
using Kane.Cluster.Gossip;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Internal;

// The leader's duties, the reaper that turns failure-detector verdicts into reachability records, leaving and
// downing, and this node's reaction to its own status.
internal sealed partial class ClusterDaemon
{
    private int _ticksWithoutConvergence;

    private void LeaderActionsTick()
    {
        if (!_initialized || _selfRemoved) return;
        if (_state.IsLeader)
        {
            if (_state.IsConverged(_exitingConfirmed))
            {
                _ticksWithoutConvergence = 0;
                var result = LeaderActions.OnConvergence(_state, _settings.MinNrOfMembers, _settings.MinNrOfMembersPerRole, _exitingConfirmed, Now);
                if (result.Gossip is { } gossip)
                {
                    var removedExiting = result.Removed.Where(m => m.Status == MemberStatus.Exiting).ToList();
                    UpdateGossip(gossip);
                    // Push the news straight to who needs it: exiting nodes (and the oldest, for singleton hand-over)
                    // and removed exiting nodes, so they can finish leaving.
                    foreach (var m in result.Exiting.Concat(Oldest(2)).DistinctBy(m => m.UniqueAddress))
                        if (_state.IsValidGossipTarget(m.UniqueAddress)) SendGossipTo(m.UniqueAddress);
                    foreach (var m in removedExiting) SendGossipTo(m.UniqueAddress);
                }
            }
            else
            {
                _ticksWithoutConvergence++;
                if (_settings.AllowWeaklyUpMembers is { } weaklyUpAfter
                    && _ticksWithoutConvergence * _settings.LeaderActionsInterval >= weaklyUpAfter
                    && LeaderActions.MoveJoiningToWeaklyUp(_state) is { } weakly)
                    UpdateGossip(weakly);
                var every = (int)Math.Max(1, TimeSpan.FromSeconds(15) / _settings.LeaderActionsInterval);
                if (_ticksWithoutConvergence % every == 0)
                    Log.LogInformation("Leader can currently not perform its duties: no convergence (unreachable: [{Unreachable}])",
                        string.Join(", ", _state.Unreachable));
            }
        }
        RunDowning();
    }

    private IEnumerable<Member> Oldest(int n) =>
        _state.Gossip.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).OrderBy(m => m, MemberAgeOrdering.Instance).Take(n);

    /// <summary>Turns this node's failure-detector verdicts on the nodes it monitors into its reachability rows.</summary>
    private void ReapUnreachable()
    {
        if (!_initialized || _selfRemoved) return;
        var gossip = _state.Gossip;
        var reachability = gossip.Reachability;
        foreach (var node in _heartbeatReceivers)
        {
            if (!gossip.HasMember(node) || !_cluster.Detectors.IsMonitoring(node)) continue;
            var available = _cluster.Detectors.IsAvailable(node);
            var reachable = reachability.IsReachable(_self, node);
            if (reachable && !available)
            {
                Log.LogWarning("Marking {Node} unreachable: no heartbeat answer (phi {Phi:F1})", node, _cluster.Detectors.Phi(node));
                reachability = reachability.Unreachable(_self, node);
            }
            else if (!reachable && available)
            {
                reachability = reachability.Reachable(_self, node);
            }
        }
        if (!ReferenceEquals(reachability, gossip.Reachability))
            UpdateGossip((gossip with { Reachability = reachability }).Increment(_self).OnlySeen(_self));
    }

    private void Leave(Address address)
    {
        if (!_initialized)
        {
            if (address == _self.Address) BeginShutdown(runCoordinatedShutdown: true);
            return;
        }
        var member = _state.Gossip.Members.FirstOrDefault(m => m.Address == address);
        if (member is null || member.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up)) return;
        Log.LogInformation("Marking {Node} as Leaving", member.UniqueAddress);
        UpdateGossip(_state.Gossip.Update(member.WithStatus(MemberStatus.Leaving)).Increment(_self).OnlySeen(_self));
        if (member.UniqueAddress.Equals(_self)) GossipToAll();
    }

    /// <summary>Marks the member at <paramref name="address"/> Down; the leader removes it once the others saw it.</summary>
    private void Down(Address address, string why)
    {
        var member = _state.Gossip.Members.FirstOrDefault(m => m.Address == address);
        if (member is null || member.Status is MemberStatus.Down or MemberStatus.Removed) return;
        DownMembers([member.UniqueAddress], why);
    }

    private void DownMembers(IReadOnlyCollection<UniqueAddress> nodes, string why)
    {
        var gossip = _state.Gossip;
        foreach (var node in nodes)
            if (gossip.Member(node) is { Status: not (MemberStatus.Down or MemberStatus.Removed) } m)
            {
                Log.LogWarning("Downing {Node}: {Why}", node, why);
                gossip = gossip.Update(m.WithStatus(MemberStatus.Down));
            }
        if (ReferenceEquals(gossip, _state.Gossip)) return;
        UpdateGossip(gossip.Increment(_self).OnlySeen(_self));
        GossipToAll();
    }

    /// <summary>Down or Exiting: tell the others and shut down; Removed (seen from outside): finish.</summary>
    private void ReactToSelfStatus()
    {
        var me = _state.SelfMember;
        if (me is null) return;
        if (me.Status == MemberStatus.Down && !_shuttingDown)
        {
            Log.LogWarning("This node {Node} was downed; shutting down", _self);
            GossipToAll();
            BeginShutdown(_settings.RunCoordinatedShutdownWhenDown, Cluster.ClusterDowningReason);
        }
        else if (me.Status == MemberStatus.Exiting && !_exitingSent)
        {
            _exitingSent = true;
            GossipToAll();
            // ExitingConfirmed waits for the cluster-exiting-done phase (ExitingCompleted): the leader removes a
            // confirmed node at once, and the others then quarantine it, so confirming before the node's singletons
            // have handed over would cut the hand-over off.
            BeginShutdown(runCoordinatedShutdown: true, Cluster.ClusterLeavingReason);
        }
    }

    /// <summary>Coordinated shutdown passed cluster-exiting (singletons handed over): let the leader remove this node.</summary>
    private void ExitingCompleted()
    {
        if (!_initialized || _selfRemoved || _state.SelfMember?.Status is not MemberStatus.Exiting) return;
        GossipToAll();
        var confirm = new ExitingConfirmed(ClusterWire.ToWire(_self));
        foreach (var m in Oldest(2).Append(_state.Leader).OfType<Member>().DistinctBy(m => m.UniqueAddress))
            if (!m.UniqueAddress.Equals(_self)) DaemonAt(m.Address).Tell(confirm, Self);
    }

    private bool _exitingSent;

    private void OnSelfRemoved()
    {
        if (_selfRemoved) return;
        _selfRemoved = true;
        var me = _state.SelfMember;
        Log.LogInformation("This node {Node} has been removed from the cluster", _self);
        if (me is not null) Context.System.EventStream.Publish(new MemberRemoved(me with { Status = MemberStatus.Removed }, me.Status));
        _cluster.MarkRemoved();
    }

    private void BeginShutdown(bool runCoordinatedShutdown, Kane.Shutdown.ShutdownReason? reason = null)
    {
        if (!_shuttingDown)
        {
            _shuttingDown = true;
            Context.System.EventStream.Publish(ClusterShuttingDown.Instance);
        }
        if (runCoordinatedShutdown) _ = Kane.Shutdown.CoordinatedShutdown.Get(Context.System).Run(reason ?? Cluster.ClusterLeavingReason);
    }

    private void StopDaemon()
    {
        if (_initialized && !_selfRemoved && _state.SelfMember is { Status: not (MemberStatus.Exiting or MemberStatus.Down) })
            Log.LogInformation("Cluster daemon stopping while {Node} is still {Status}", _self, _state.SelfMember.Status);
        OnSelfRemoved();
        Context.Stop(Self);
    }
}
