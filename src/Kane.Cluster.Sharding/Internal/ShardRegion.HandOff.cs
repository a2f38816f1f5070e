using Kane.Actor;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Internal;

// The region's side of a hand-off (docs/decisions/0012-sharding-handoff-without-loss.md):
// - BeginHandOff at a region that routed the shard to another region: forget the home, buffer from now on, and send
//   the acknowledgement through the old home (HandOffFence) so that it arrives only after everything sent there.
// - BeginHandOff at the owner: keep delivering locally (acknowledge at once); messages routed here by others keep
//   arriving in order until their fences passed.
// - HandOff at the owner: forget the home (buffer from now on), drain the shard; what it could not deliver comes
//   back first in the buffer; ShardStopped once the shard actor is gone. Nothing buffered is dropped.
internal sealed partial class ShardRegion
{
    private readonly Dictionary<string, IActorRef> _draining = new(StringComparer.Ordinal);
    private bool _gracefulShutdown;

    private void OnBeginHandOff(BeginHandOff begin)
    {
        if (_homes.TryGetValue(begin.Shard, out var home) && !home.Equals(Self))
        {
            ForgetHome(begin.Shard);
            home.Tell(new HandOffFence(begin.Shard, ShardingWire.PathOf(Sender)), Self);
            return;
        }
        Sender.Tell(new BeginHandOffAck(begin.Shard));
    }

    private void OnFence(HandOffFence fence) =>
        ShardingWire.Resolve(Context.System, fence.AckTo).Tell(new BeginHandOffAck(fence.Shard), Sender);

    private void OnHandOff(HandOff handOff)
    {
        var shard = handOff.Shard;
        if (_draining.ContainsKey(shard))
        {
            _draining[shard] = Sender;
            return;
        }
        // No sender tells the shard directly any more; what they told it is ahead of the hand-off in its mailbox.
        LocalRouting.UnpublishShard(_routing.Gate(shard));
        if (_homes.TryGetValue(shard, out var home) && home.Equals(Self)) _homes.Remove(shard);
        if (!_localShards.TryGetValue(shard, out var child))
        {
            Sender.Tell(new ShardStopped(shard));
            return;
        }
        LogDebugHandingOff(Log, shard, _typeName);
        _draining[shard] = Sender;
        child.Tell(handOff);
    }

    private void OnDrained(ShardDrained drained)
    {
        if (drained.Leftovers.Count == 0) return;
        // What the shard could not deliver was accepted before anything buffered here since the hand-off: it goes first.
        var buffer = _buffers.TryGetValue(drained.Shard, out var existing) ? existing : null;
        var merged = new List<Buffered>(drained.Leftovers.Count + (buffer?.Count ?? 0));
        merged.AddRange(drained.Leftovers);
        if (buffer is not null) merged.AddRange(buffer);
        else _coordinator?.Tell(new GetShardHome(drained.Shard));
        _buffers[drained.Shard] = merged;
        _buffered += drained.Leftovers.Count;
        LogDebugLeftovers(Log, drained.Leftovers.Count, drained.Shard);
    }

    private void OnStartGracefulShutdown()
    {
        if (_gracefulShutdown) return;
        _gracefulShutdown = true;
        LogInformationGracefulShutdown(Log, _typeName, _localShards.Count);
        _coordinator?.Tell(new GracefulShutdownReq());
        StopIfDone();
    }

    /// <summary>
    /// Leaving, and the coordinator has no region that stays: what waits for the shard's home can go nowhere in this
    /// cluster. Once no shard of ours is still draining (leftovers come back first), it is dead-lettered with the
    /// reason, and the region stops instead of holding its node's shutdown until the phase times out.
    /// </summary>
    private void OnShardHomeUnavailable(ShardHomeUnavailable unavailable)
    {
        if (!_gracefulShutdown || _draining.Count > 0 || !_buffers.Remove(unavailable.Shard, out var buffer)) return;
        _buffered -= buffer.Count;
        LogWarningNoHomeLeft(Log, buffer.Count, unavailable.Shard, _typeName);
        foreach (var b in buffer)
            DeadLetter(b.Message, b.Sender, b.Gate, $"region {_typeName} is shutting down and no region is left to host shard {unavailable.Shard}");
        StopIfDone();
    }

    /// <summary>During a graceful shutdown: stop once no shard lives here and nothing waits for a home.</summary>
    private void StopIfDone()
    {
        if (_gracefulShutdown && _localShards.Count == 0 && _draining.Count == 0 && _buffers.Count == 0) Context.Stop(Self);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handing off shard {Shard} of {Type}")]
    private static partial void LogDebugHandingOff(ILogger logger, string shard, string type);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} messages of shard {Shard} were not delivered before its hand-off; they wait for its new home")]
    private static partial void LogDebugLeftovers(ILogger logger, int count, string shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} messages for shard {Shard} of {Type} are dead-lettered: this region is shutting down and no region is left to host the shard")]
    private static partial void LogWarningNoHomeLeft(ILogger logger, int count, string shard, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Type} shutting down: handing off {Count} shards first")]
    private static partial void LogInformationGracefulShutdown(ILogger logger, string type, int count);
}

/// <summary>Coordinated shutdown → region: hand everything off, then stop.</summary>
internal sealed record StartGracefulShutdown
{
    public static readonly StartGracefulShutdown Instance = new();
}
