using Kane.Actor;
using Kane.Cluster.FailureDetection;
using Kane.Remote;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Internal;

// Heartbeats on the ring: a request to each monitored node every heartbeat-interval, answered at once by the
// receiving daemon with its own load report; answers feed the phi accrual detectors.
internal sealed partial class ClusterDaemon
{
    private IReadOnlyList<UniqueAddress> _heartbeatReceivers = [];
    private readonly Dictionary<UniqueAddress, long> _firstHeartbeatSent = new();
    private readonly LoadSampler _loadSampler = new();
    private long _heartbeatSequence;

    private void HeartbeatTick()
    {
        if (!_initialized || _selfRemoved) return;
        var others = _state.Gossip.Members.Where(m => m.Status != MemberStatus.Removed).Select(m => m.UniqueAddress).Where(n => !n.Equals(_self));
        var unreachable = _state.Gossip.Reachability.AllUnreachableFrom(_self);
        _heartbeatReceivers = HeartbeatNodeRing.Receivers(_self, others, unreachable, _settings.FailureDetector.MonitoredByNrOfMembers);
        var request = new HeartbeatRequest(ClusterWire.ToWire(_self), ++_heartbeatSequence, ClusterWire.ToWire(_cluster.SelfLoad));
        var now = Now;
        var expectAfter = (long)_settings.FailureDetector.ExpectedResponseAfter.TotalMilliseconds;
        foreach (var node in _heartbeatReceivers)
        {
            DaemonAt(node.Address).Tell(request, Self);
            // A node that never answers must still be judged: after expected-response-after, start its detector
            // as if it had answered once, so its silence from then on raises phi.
            if (_cluster.Detectors.IsMonitoring(node)) continue;
            if (!_firstHeartbeatSent.TryGetValue(node, out var first)) _firstHeartbeatSent[node] = now;
            else if (now - first >= expectAfter) _cluster.Detectors.Heartbeat(node);
        }
        var live = _heartbeatReceivers.ToHashSet();
        foreach (var stale in _firstHeartbeatSent.Keys.Where(n => !live.Contains(n)).ToList()) _firstHeartbeatSent.Remove(stale);
        _cluster.Detectors.RetainOnly(live);
    }

    private void ReceiveHeartbeatRequest(HeartbeatRequest request)
    {
        var from = ClusterWire.FromWire(request.From);
        if (_state.Gossip.HasMember(from)) _cluster.ReportLoad(from, ClusterWire.FromWire(request.Load));
        Sender.Tell(new HeartbeatResponse(ClusterWire.ToWire(_self), request.Sequence, ClusterWire.ToWire(_cluster.SelfLoad)), Self);
    }

    private void ReceiveHeartbeatResponse(HeartbeatResponse response)
    {
        var from = ClusterWire.FromWire(response.From);
        if (!_state.Gossip.HasMember(from)) return; // an answer from another incarnation at that address counts for nothing
        _cluster.Detectors.Heartbeat(from);
        _firstHeartbeatSent.Remove(from);
        var load = ClusterWire.FromWire(response.Load);
        _cluster.ReportLoad(from, load);
        Context.System.EventStream.Publish(new MemberLoadReported(from, load));
    }

    /// <summary>
    /// Nothing listens at a member's address any more: its process is gone. Unreachable at the next reaper tick
    /// instead of after phi's silence (decision 0020); a heartbeat answer makes it reachable again. Leaving and exiting
    /// members close their listeners on purpose and are left to the usual path.
    /// </summary>
    private void ReceiveConnectionRefused(RemoteConnectionRefused refused)
    {
        if (!_initialized || _selfRemoved || !_settings.FailureDetector.UnreachableOnConnectionRefused) return;
        var member = _state.Gossip.Members.FirstOrDefault(m => m.Address == refused.Remote);
        if (member is null || member.UniqueAddress.Equals(_self) || member.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)) return;
        if (!_heartbeatReceivers.Contains(member.UniqueAddress) || !_cluster.Detectors.Refused(member.UniqueAddress)) return;
        Log.LogWarning("Connection to {Node} refused: nothing listens at its address; it is unreachable without waiting for its heartbeats to fall silent", member.UniqueAddress);
        ReapUnreachable();
    }

    private void SampleLoad()
    {
        var load = _loadSampler.Sample(_cluster.QueueLength(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _cluster.ReportLoad(_self, load);
    }
}
