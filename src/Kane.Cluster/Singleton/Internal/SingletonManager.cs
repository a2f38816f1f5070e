using System.Collections.Immutable;
using Kane.Actor;
using Kane.Remote;
using Kane.Shutdown;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Singleton.Internal;

/// <summary>Where a manager is in the life of its singleton (the reference's states, without lease acquisition).</summary>
internal enum ManagerState
{
    Start,
    Younger,
    BecomingOldest,
    Oldest,
    WasOldest,
    HandingOver,
    End,
}

/// <summary>
/// Runs the singleton while this node is the oldest member with the role, and hands it over when that changes.
/// Membership decides who is oldest (<see cref="SingletonPlacement"/>); the hand-over protocol (in the partial file
/// next to this one) makes sure the new oldest starts it only after the old one stopped it, or after the old one was
/// removed and the removal margin passed.
/// </summary>
internal sealed partial class SingletonManager : ReceiveActor, IWithTimers
{
    private const int MaxProxies = 10_000;
    private readonly Cluster _cluster;
    private readonly Props _singletonProps;
    private readonly object _terminationMessage;
    private readonly ClusterSingletonSettings _settings;
    private readonly TimeSpan _removalMargin;
    private readonly int _handOverRetries;
    private readonly int _takeOverRetries;
    private readonly TaskCompletionSource _exitingDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<IActorRef> _proxies = [];
    private readonly HashSet<IActorRef> _pendingQueries = [];
    private ImmutableDictionary<UniqueAddress, Member> _members = ImmutableDictionary<UniqueAddress, Member>.Empty;
    private UniqueAddress? _oldest;
    private IActorRef? _singleton;
    private IDisposable? _shutdownTask;

    public SingletonManager(Props singletonProps, object terminationMessage, ClusterSingletonSettings? settings)
    {
        settings ??= ClusterSingletonSettings.FromConfig(Context.System.Settings.Config);
        _cluster = Cluster.Get(Context.System);
        _singletonProps = singletonProps;
        _terminationMessage = terminationMessage;
        _settings = settings.Validate();
        _removalMargin = settings.EffectiveRemovalMargin(_cluster.Settings);
        _handOverRetries = settings.HandOverRetries(_removalMargin);
        _takeOverRetries = Math.Max(1, _handOverRetries - 3);

        Receive<CurrentClusterState>(s =>
        {
            _members = SingletonPlacement.From(s);
            Evaluate();
        });
        Receive<MemberEvent>(OnMemberEvent);
        Receive<SingletonQuery>(_ => OnQuery(Sender));
        Receive<HandOverToMe>(_ => OnHandOverToMe(Sender));
        Receive<TakeOverFromMe>(_ => OnTakeOverFromMe(Sender));
        Receive<HandOverInProgress>(_ => Log.LogDebug("Hand-over of {Singleton} in progress at {From}", _settings.SingletonName, Sender.Path.Address));
        Receive<HandOverDone>(_ => OnHandOverDone(Sender));
        Receive<SingletonStoppingAck>(_ => OnStoppingAck(Sender));
        Receive<Tick>(OnTick);
        Receive<Terminated>(OnTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public ManagerState State { get; private set; } = ManagerState.Start;

    private UniqueAddress SelfNode => _cluster.SelfUniqueAddress;

    protected override void PreStart()
    {
        SingletonWire.Register(Context.System.Transport().Settings.Serialization);
        _cluster.Subscribe(Self, InitialStateMode.AsSnapshot, typeof(MemberEvent));
        _shutdownTask = CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseClusterExiting, "singleton-hand-over-" + Self.Path.Name, async ct =>
        {
            if (_cluster.IsTerminated || _cluster.SelfMember.Status is MemberStatus.Down or MemberStatus.Removed) return;
            await Task.WhenAny(_exitingDone.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        });
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        _shutdownTask?.Dispose();
        _exitingDone.TrySetResult();
    }

    private void OnMemberEvent(MemberEvent e)
    {
        _members = SingletonPlacement.Apply(_members, e);
        var self = e.Member.UniqueAddress.Equals(SelfNode);
        if (self && e is MemberRemoved or MemberDowned)
        {
            // This node is out: nobody will ask for the singleton, so stop it (the others start theirs only after
            // the removal margin).
            Log.LogInformation("This node is {Status}; singleton manager {Manager} stops its singleton", e.Member.Status, Self.Path.Name);
            if (State is ManagerState.Oldest or ManagerState.WasOldest) BeginHandingOver(null);
            else if (State is not ManagerState.HandingOver) GoToEnd();
            return;
        }
        if (self && e is MemberExited && State is ManagerState.Start or ManagerState.Younger or ManagerState.BecomingOldest)
            _exitingDone.TrySetResult(); // nothing runs here, nothing to hand over
        if (e is MemberRemoved removed && State == ManagerState.BecomingOldest && removed.Member.UniqueAddress.Equals(_previousOldest))
            PreviousOldestRemoved();
        Evaluate();
    }

    /// <summary>Recomputes the oldest and reacts when it changed.</summary>
    private void Evaluate()
    {
        if (State == ManagerState.End || !_members.ContainsKey(SelfNode)) return;
        var now = SingletonPlacement.Oldest(_members.Values, _settings.Role)?.UniqueAddress;
        if (State != ManagerState.Start && Equals(now, _oldest)) return;
        var previous = _oldest;
        _oldest = now;
        var selfIsOldest = SelfNode.Equals(now);
        switch (State)
        {
            case ManagerState.Start when selfIsOldest:
                // The first oldest of a fresh cluster, or of a view in which no candidate preceded this node.
                StartSingleton();
                break;
            case ManagerState.Start:
                State = ManagerState.Younger;
                break;
            case ManagerState.Younger when selfIsOldest:
                BecomeOldestAfter(previous);
                break;
            case ManagerState.BecomingOldest when !selfIsOldest:
                Log.LogInformation("{Node} is no longer the oldest; singleton manager {Manager} is younger again", SelfNode, Self.Path.Name);
                CancelTimers();
                State = ManagerState.Younger;
                break;
            case ManagerState.Oldest when !selfIsOldest:
                if (now is null) BeginHandingOver(null);
                else BeginWasOldest(now);
                break;
            case ManagerState.WasOldest:
                if (now is null) BeginHandingOver(null);
                else _newOldest = now;
                break;
        }
    }

    private void StartSingleton()
    {
        CancelTimers();
        _singleton = Context.ActorOf(_singletonProps, _settings.SingletonName);
        Context.Watch(_singleton);
        State = ManagerState.Oldest;
        Log.LogInformation("Singleton {Singleton} started on {Node}", _singleton.Path, SelfNode);
        foreach (var proxy in _pendingQueries) AnswerQuery(proxy);
        _pendingQueries.Clear();
    }

    /// <summary>Proxies find the singleton through the manager: only a running, not-stopping singleton is handed out.</summary>
    private void OnQuery(IActorRef proxy)
    {
        switch (State)
        {
            case ManagerState.Oldest when _singleton is not null:
                AnswerQuery(proxy);
                break;
            case ManagerState.Start or ManagerState.Younger or ManagerState.BecomingOldest when _pendingQueries.Count < MaxProxies:
                // Answered as soon as the singleton starts here, which saves the proxy an identification interval.
                if (_pendingQueries.Add(proxy)) Context.Watch(proxy);
                break;
        }
    }

    private void AnswerQuery(IActorRef proxy)
    {
        if (_singleton is null) return;
        if (!_proxies.Contains(proxy))
        {
            if (_proxies.Count >= MaxProxies)
            {
                Log.LogWarning("Singleton {Singleton} has {Count} proxies registered, the limit; {Proxy} is not told before hand-overs", _settings.SingletonName, MaxProxies, proxy.Path);
            }
            else
            {
                _proxies.Add(proxy);
                Context.Watch(proxy);
            }
        }
        proxy.Tell(new ActorIdentity(SingletonWire.IdentityId, _singleton), Self);
    }

    private void OnTerminated(Terminated t)
    {
        if (t.ActorRef.Equals(_singleton))
        {
            _singleton = null;
            if (State == ManagerState.HandingOver) FinishHandingOver();
            else Log.LogWarning("Singleton {Singleton} stopped by itself on {Node}; it is not restarted until the next hand-over", t.ActorRef.Path, SelfNode);
            return;
        }
        _proxies.Remove(t.ActorRef);
        _pendingQueries.Remove(t.ActorRef);
        if (_awaitingAcks.Remove(t.ActorRef) && _awaitingAcks.Count == 0 && State == ManagerState.HandingOver) StopSingleton();
    }

    private void GoToEnd()
    {
        CancelTimers();
        State = ManagerState.End;
        _exitingDone.TrySetResult();
    }

    private void CancelTimers()
    {
        Timers.Cancel(TimerKey.HandOver);
        Timers.Cancel(TimerKey.TakeOver);
        Timers.Cancel(TimerKey.RemovalMargin);
        Timers.Cancel(TimerKey.Fence);
    }

    private IActorRef ManagerAt(Address address) =>
        ((Kane.Actor.Internal.ActorSystemImpl)Context.System).ResolveActorRef(SingletonPlacement.SamePathAt(address, Self.Path));

    private enum TimerKey
    {
        HandOver,
        TakeOver,
        RemovalMargin,
        Fence,
    }

    private sealed record Tick(TimerKey Key);
}
