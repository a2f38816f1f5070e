using Kane.Actor;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// Moves one shard off its region: <see cref="BeginHandOff"/> to every region and proxy and wait for all their
/// acknowledgements (a stopped region counts as acknowledged), then <see cref="HandOff"/> to the owner and wait for
/// <see cref="ShardStopped"/>. Reports <see cref="RebalanceDone"/> to the coordinator; gives up (not ok) after
/// handoff-timeout. The owner stopping counts as done: the coordinator forgets its shards anyway.
/// </summary>
internal sealed partial class RebalanceWorker : ReceiveActor, IWithTimers
{
    private readonly string _shard;
    private readonly IActorRef _owner;
    private readonly TimeSpan _timeout;
    private readonly HashSet<IActorRef> _waiting;
    private bool _handingOff;

    public RebalanceWorker(string shard, IActorRef owner, IReadOnlyCollection<IActorRef> regionsAndProxies, TimeSpan timeout)
    {
        _shard = shard;
        _owner = owner;
        _waiting = [.. regionsAndProxies];
        Receive<BeginHandOffAck>(a => a.Shard == _shard, _ => Acked(Sender));
        Receive<ShardStopped>(s => s.Shard == _shard && _handingOff, _ => Done(true));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_owner)) Done(true);
            else Acked(t.ActorRef);
        });
        Receive<TimedOut>(_ =>
        {
            LogWarningTimeout(Log, _shard, _handingOff ? "ShardStopped" : $"{_waiting.Count} BeginHandOffAck");
            Done(false);
        });
        _timeout = timeout;
    }

    protected override void PreStart()
    {
        Timers.StartSingleTimer("timeout", TimedOut.Instance, _timeout);
        foreach (var region in _waiting)
        {
            Context.Watch(region);
            region.Tell(new BeginHandOff(_shard));
        }
        Context.Watch(_owner);
        if (_waiting.Count == 0) StartHandOff();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void Acked(IActorRef region)
    {
        if (!_waiting.Remove(region) || _waiting.Count > 0 || _handingOff) return;
        StartHandOff();
    }

    private void StartHandOff()
    {
        _handingOff = true;
        _owner.Tell(new HandOff(_shard));
    }

    private void Done(bool ok)
    {
        Context.Parent.Tell(new RebalanceDone(_shard, ok));
        Context.Stop(Self);
    }

    private sealed record TimedOut
    {
        public static readonly TimedOut Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebalance of shard {Shard} timed out waiting for {What} (kane.cluster.sharding.handoff-timeout); the shard stays where it was")]
    private static partial void LogWarningTimeout(ILogger logger, string shard, string what);
}

internal sealed record RebalanceDone(string Shard, bool Ok);
