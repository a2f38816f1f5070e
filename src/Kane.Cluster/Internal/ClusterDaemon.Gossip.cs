using Kane.Actor;
using Kane.Cluster.Gossip;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Internal;

// Gossip: one round per gossip-interval (extra rounds at 1/3 and 2/3 when speed-up is needed), full gossip or
// a cheap status, and the merge rules on receipt.
internal sealed partial class ClusterDaemon
{
    private int _gossipTicks;

    private void GossipTick()
    {
        if (!_initialized || _selfRemoved) return;
        var regular = _gossipTicks++ % 3 == 0;
        if (!regular && !_state.IsGossipSpeedupNeeded) return;
        PruneTombstones();
        var targets = _state.Gossip.Members.Select(m => m.UniqueAddress).Where(_state.IsValidGossipTarget).ToList();
        if (targets.Count == 0) return;
        var notSeen = targets.Where(n => !_state.Gossip.SeenBy(n)).ToList();
        var target = notSeen.Count > 0 && Random.Shared.NextDouble() < DifferentViewProbability(_state.Gossip.Members.Count)
            ? notSeen[Random.Shared.Next(notSeen.Count)]
            : targets[Random.Shared.Next(targets.Count)];
        if (_state.Gossip.SeenBy(target)) SendStatusTo(target);
        else SendGossipTo(target);
    }

    private double DifferentViewProbability(int members)
    {
        var p = _settings.GossipDifferentViewProbability;
        var low = _settings.ReduceGossipDifferentViewProbability;
        if (members <= low) return p;
        var minP = p / 10;
        var high = low * 3;
        return members >= high ? minP : p - (p - minP) * (members - low) / (high - low);
    }

    private void PruneTombstones()
    {
        var cutoff = Now - (long)_settings.PruneGossipTombstonesAfter.TotalMilliseconds;
        var pruned = _state.Gossip.PruneTombstones(cutoff);
        if (!ReferenceEquals(pruned, _state.Gossip)) _state = _state with { Gossip = pruned };
    }

    private void SendGossipTo(UniqueAddress node) =>
        DaemonAt(node.Address).Tell(new GossipEnvelope(ClusterWire.ToWire(_self), ClusterWire.ToWire(node), ClusterWire.ToWire(_state.Gossip)), Self);

    private void SendStatusTo(UniqueAddress node) =>
        DaemonAt(node.Address).Tell(new GossipStatus(ClusterWire.ToWire(_self), new Dictionary<string, long>(_state.Gossip.Version.Versions),
            [.. _state.Gossip.Seen.Select(ClusterWire.ToWire)]), Self);

    /// <summary>Sends the current gossip to every reachable member (used when this node's own fate changes).</summary>
    private void GossipToAll()
    {
        foreach (var m in _state.Gossip.Members)
            if (_state.IsValidGossipTarget(m.UniqueAddress)) SendGossipTo(m.UniqueAddress);
    }

    private bool AcceptFrom(UniqueAddress from, string what)
    {
        if (!_initialized || _selfRemoved) return false;
        if (!_state.Gossip.HasMember(from))
        {
            Log.LogDebug("Ignoring {What} from {From}: not a member", what, from);
            return false;
        }
        if (!_state.Gossip.Reachability.IsReachable(_self, from))
        {
            Log.LogDebug("Ignoring {What} from {From}: this node sees it as unreachable", what, from);
            return false;
        }
        return true;
    }

    private void ReceiveGossip(GossipEnvelope envelope)
    {
        var from = ClusterWire.FromWire(envelope.From);
        var to = ClusterWire.FromWire(envelope.To);
        if (!to.Equals(_self)) return; // meant for a previous incarnation of this address
        GossipState remote;
        try
        {
            remote = ClusterWire.FromWire(envelope.Gossip);
        }
        catch (FormatException e)
        {
            Log.LogWarning("Ignoring malformed gossip from {From}: {Reason}", from, e.Message);
            return;
        }
        if (!remote.HasMember(_self))
        {
            // A leader removing this exiting node sends it the gossip without it: the exit is complete.
            if (_initialized && _state.SelfMember?.Status is MemberStatus.Exiting or MemberStatus.Down) OnSelfRemoved();
            return;
        }
        if (!AcceptFrom(from, "gossip")) return;

        var local = _state.Gossip;
        GossipState merged;
        var talkBack = false;
        var adopted = false;
        switch (remote.Version.CompareTo(local.Version))
        {
            case ClockOrdering.Same:
                merged = local with { Seen = local.Seen.Union(remote.Seen) };
                break;
            case ClockOrdering.Before:
                merged = local;
                talkBack = true;
                break;
            case ClockOrdering.After:
                // Keep our removal records too: a newer gossip can still lack a tombstone that was pruned or
                // not yet spread, and without it a stale gossip could bring the removed node back.
                merged = local.Tombstones.Keys.All(remote.Tombstones.ContainsKey)
                    ? remote
                    : remote with { Tombstones = remote.Tombstones.SetItems(local.Tombstones.Where(t => !remote.Tombstones.ContainsKey(t.Key))) };
                adopted = true;
                break;
            default:
                merged = local.Merge(remote);
                talkBack = true;
                break;
        }
        merged = merged.MarkSeen(_self);
        if (!ReferenceEquals(merged, local) || !merged.Seen.SetEquals(local.Seen)) UpdateGossip(merged);
        if (talkBack) SendGossipTo(from);
        else if (adopted && !merged.Seen.IsSubsetOf(remote.Seen)) SendStatusTo(from); // let the sender see that we have seen it
    }

    private void ReceiveGossipStatus(GossipStatus status)
    {
        var from = ClusterWire.FromWire(status.From);
        if (!AcceptFrom(from, "gossip status")) return;
        var remoteVersion = VectorClock.From(status.Version);
        switch (remoteVersion.CompareTo(_state.Gossip.Version))
        {
            case ClockOrdering.Same:
                var seen = _state.Gossip.Seen.Union(status.Seen.Select(ClusterWire.FromWire).Where(_state.Gossip.HasMember));
                if (!seen.SetEquals(_state.Gossip.Seen)) UpdateGossip(_state.Gossip with { Seen = seen });
                break;
            case ClockOrdering.After:
                SendStatusTo(from); // theirs is newer: our status makes them send it
                break;
            default:
                SendGossipTo(from);
                break;
        }
    }
}
