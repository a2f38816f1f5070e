using Kane.Actor;
using Kane.Cluster.Downing;
using Kane.Pattern;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Internal;

// The split brain resolver on the leader tick (lease-majority acquires its lease asynchronously).
internal sealed partial class ClusterDaemon
{
    private readonly Downing.SplitBrainResolver? _downing;
    private bool _leasePending;

    private sealed record LeaseResult(bool Acquired);

    private void RunDowning()
    {
        if (_downing is null || _shuttingDown || !_initialized) return;
        var now = Now;
        if (_downing.Settings.Strategy == DowningStrategyKind.LeaseMajority)
        {
            if (_leasePending || !_downing.IsReadyForLease(_state, now)) return;
            _leasePending = true;
            var delay = _downing.IsMajoritySide(_state) ? TimeSpan.Zero : _downing.Settings.AcquireLeaseDelayForMinority;
            var lease = _cluster.Lease;
            var owner = _self.ToString();
            Task.Run(async () =>
            {
                await Task.Delay(delay).ConfigureAwait(false);
                try
                {
                    return new LeaseResult(lease is not null && await lease.TryAcquireAsync(owner).ConfigureAwait(false));
                }
                catch (Exception)
                {
                    return new LeaseResult(false);
                }
            }).PipeTo(Self);
            return;
        }
        if (_downing.Decide(_state, now) is { } action) DownMembers(action.Nodes, action.Reason);
    }

    private void OnLeaseResult(LeaseResult result)
    {
        _leasePending = false;
        if (_downing is null || _shuttingDown) return;
        if (!_state.IsLeader) return; // leadership moved while the lease was asked for; the new leader decides
        if (!result.Acquired) Log.LogWarning("Split brain resolver could not take the lease; this side downs itself");
        var action = _downing.LeaseOutcome(_state, result.Acquired, Now);
        DownMembers(action.Nodes, action.Reason);
    }
}
