using Kane.Actor;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Singleton.Internal;

// The hand-over protocol. Planned (the oldest is Exiting): WasOldest offers TakeOverFromMe, BecomingOldest asks
// HandOverToMe every hand-over-retry-interval; the old one fences its proxies, stops the singleton with the
// termination message, waits for its Terminated and answers HandOverDone; only then does the new one start it.
// Crash (the oldest was downed and removed): the new oldest waits the removal margin, then starts it.
internal sealed partial class SingletonManager
{
    private readonly HashSet<IActorRef> _awaitingAcks = [];
    private UniqueAddress? _previousOldest;
    private UniqueAddress? _newOldest;
    private IActorRef? _requester;
    private int _retries;
    private bool _stuckLogged;

    /// <summary>This node just became the oldest; <paramref name="previous"/> held the singleton before (if anyone).</summary>
    private void BecomeOldestAfter(UniqueAddress? previous)
    {
        if (previous is null)
        {
            StartSingleton();
            return;
        }
        State = ManagerState.BecomingOldest;
        _previousOldest = previous;
        _retries = 0;
        _stuckLogged = false;
        var member = _members.GetValueOrDefault(previous);
        Log.LogInformation("{Node} is the new oldest; taking singleton {Singleton} over from {Previous} ({Status})",
            SelfNode, _settings.SingletonName, previous, member?.Status.ToString() ?? "removed");
        if (member is null)
        {
            PreviousOldestRemoved();
            return;
        }
        ManagerAt(previous.Address).Tell(new HandOverToMe(), Self);
        Timers.StartPeriodicTimer(TimerKey.HandOver, new Tick(TimerKey.HandOver), _settings.HandOverRetryInterval);
    }

    /// <summary>The previous oldest left the membership without handing over: wait the removal margin, then start.</summary>
    private void PreviousOldestRemoved()
    {
        if (Timers.IsTimerActive(TimerKey.RemovalMargin)) return;
        Log.LogInformation("Previous oldest {Previous} was removed; singleton {Singleton} starts here after the removal margin ({Margin})",
            _previousOldest, _settings.SingletonName, _removalMargin);
        Timers.StartSingleTimer(TimerKey.RemovalMargin, new Tick(TimerKey.RemovalMargin), _removalMargin);
    }

    private void OnTick(Tick tick)
    {
        switch (tick.Key)
        {
            case TimerKey.HandOver when State == ManagerState.BecomingOldest && _previousOldest is { } previous:
                if (++_retries <= _handOverRetries)
                {
                    ManagerAt(previous.Address).Tell(new HandOverToMe(), Self);
                }
                else if (!_stuckLogged)
                {
                    // Two singletons are worse than none: keep asking, and start only on HandOverDone or after the
                    // previous oldest is removed (plus the margin).
                    _stuckLogged = true;
                    Log.LogError("Singleton {Singleton}: {Previous} did not hand over after {Retries} requests; waiting for it to hand over or be removed",
                        _settings.SingletonName, previous, _handOverRetries);
                }
                else
                {
                    ManagerAt(previous.Address).Tell(new HandOverToMe(), Self);
                }
                break;
            case TimerKey.RemovalMargin when State == ManagerState.BecomingOldest:
                StartSingleton();
                break;
            case TimerKey.TakeOver when State == ManagerState.WasOldest && _newOldest is { } target:
                if (++_retries <= _takeOverRetries)
                {
                    ManagerAt(target.Address).Tell(new TakeOverFromMe(), Self);
                }
                else
                {
                    // Nobody asked: stop it anyway; whoever becomes oldest gets HandOverDone when it asks.
                    Log.LogWarning("Singleton {Singleton}: {Target} never asked for it after {Retries} offers; stopping it", _settings.SingletonName, target, _takeOverRetries);
                    BeginHandingOver(null);
                }
                break;
            case TimerKey.Fence when State == ManagerState.HandingOver:
                Log.LogWarning("Singleton {Singleton}: {Count} proxies did not acknowledge the hand-over in time; messages they still send to the old singleton may be lost",
                    _settings.SingletonName, _awaitingAcks.Count);
                _awaitingAcks.Clear();
                StopSingleton();
                break;
        }
    }

    private void OnHandOverToMe(IActorRef requester)
    {
        switch (State)
        {
            case ManagerState.Oldest or ManagerState.WasOldest:
                BeginHandingOver(requester);
                break;
            case ManagerState.HandingOver:
                _requester = requester;
                requester.Tell(new HandOverInProgress(), Self);
                break;
            default:
                // No singleton runs here (never started, or already stopped): the requester may start its own.
                requester.Tell(new HandOverDone(), Self);
                break;
        }
    }

    private void OnTakeOverFromMe(IActorRef from)
    {
        var previous = _members.Keys.FirstOrDefault(n => n.Address == from.Path.Address);
        if (previous is null) return;
        if (State is ManagerState.Start or ManagerState.Younger)
        {
            // The old oldest saw the change first; this node will see itself as the oldest shortly.
            _oldest = SelfNode;
            BecomeOldestAfter(previous);
        }
        else if (State == ManagerState.BecomingOldest && previous.Equals(_previousOldest))
        {
            from.Tell(new HandOverToMe(), Self);
        }
    }

    private void OnHandOverDone(IActorRef from)
    {
        if (State != ManagerState.BecomingOldest || _previousOldest is null || from.Path.Address != _previousOldest.Address) return;
        Log.LogInformation("Singleton {Singleton} handed over by {Previous}", _settings.SingletonName, _previousOldest);
        StartSingleton();
    }

    private void BeginWasOldest(UniqueAddress newOldest)
    {
        State = ManagerState.WasOldest;
        _newOldest = newOldest;
        _retries = 0;
        Log.LogInformation("{Node} is no longer the oldest; offering singleton {Singleton} to {New}", SelfNode, _settings.SingletonName, newOldest);
        ManagerAt(newOldest.Address).Tell(new TakeOverFromMe(), Self);
        Timers.StartPeriodicTimer(TimerKey.TakeOver, new Tick(TimerKey.TakeOver), _settings.HandOverRetryInterval);
    }

    /// <summary>
    /// Fences the proxies (each stops sending to the singleton and buffers, then acknowledges: their earlier messages
    /// are then already in the singleton's mailbox), then stops the singleton with the termination message.
    /// </summary>
    private void BeginHandingOver(IActorRef? requester)
    {
        CancelTimers();
        State = ManagerState.HandingOver;
        _requester = requester;
        requester?.Tell(new HandOverInProgress(), Self);
        _awaitingAcks.Clear();
        foreach (var proxy in _proxies)
        {
            _awaitingAcks.Add(proxy);
            proxy.Tell(new SingletonStopping(), Self);
        }
        _proxies.Clear();
        if (_awaitingAcks.Count == 0) StopSingleton();
        else Timers.StartSingleTimer(TimerKey.Fence, new Tick(TimerKey.Fence), _settings.HandOverRetryInterval);
    }

    private void OnStoppingAck(IActorRef proxy)
    {
        if (State != ManagerState.HandingOver || !_awaitingAcks.Remove(proxy) || _awaitingAcks.Count > 0) return;
        Timers.Cancel(TimerKey.Fence);
        StopSingleton();
    }

    private void StopSingleton()
    {
        if (_singleton is null)
        {
            FinishHandingOver();
            return;
        }
        Log.LogInformation("Stopping singleton {Singleton} for the hand-over", _singleton.Path);
        _singleton.Tell(_terminationMessage, Self);
    }

    private void FinishHandingOver()
    {
        Log.LogInformation("Singleton {Singleton} stopped on {Node}{To}", _settings.SingletonName, SelfNode,
            _requester is null ? "" : "; hand-over done to " + _requester.Path.Address);
        _requester?.Tell(new HandOverDone(), Self);
        _requester = null;
        GoToEnd();
    }
}
