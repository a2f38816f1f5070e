using Kane.Actor;
using Kane.Cluster.Gossip;
using Kane.Remote;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Internal;

/// <summary>
/// The actor at <c>/system/cluster</c> that runs this node's membership: the seed-node join, gossip, the reaper
/// that turns failure-detector verdicts into reachability, heartbeats, the leader's duties and the split brain
/// resolver. It holds the only mutable copy of the gossip and feeds it to the pure functions in Kane.Cluster.Gossip
/// and Kane.Cluster.Downing. Concerns live in the partial files next to this one.
/// </summary>
internal sealed partial class ClusterDaemon : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster;
    private readonly ClusterSettings _settings;
    private readonly UniqueAddress _self;
    private readonly HashSet<UniqueAddress> _exitingConfirmed = [];
    private MembershipState _state;
    private bool _initialized;
    private bool _shuttingDown;
    private bool _selfRemoved;

    public ClusterDaemon(Cluster cluster)
    {
        _cluster = cluster;
        _settings = cluster.Settings;
        _self = cluster.SelfUniqueAddress;
        _state = new MembershipState(GossipState.Empty, _self);
        _downing = _settings.SplitBrainResolver is { } sbr ? new Downing.SplitBrainResolver(sbr) : null;

        FromWire<GossipEnvelope>(ReceiveGossip);
        FromWire<GossipStatus>(ReceiveGossipStatus);
        FromWire<HeartbeatResponse>(ReceiveHeartbeatResponse);
        FromWire<HeartbeatRequest>(ReceiveHeartbeatRequest);
        FromWire<JoinRequest>(ReceiveJoinRequest);
        FromWire<Welcome>(ReceiveWelcome);
        FromWire<InitJoin>(ReceiveInitJoin);
        FromWire<InitJoinAck>(ack => OnInitJoinAck(Address.Parse(ack.Address)));
        FromWire<InitJoinNack>(nack => OnInitJoinNack(Address.Parse(nack.Address)));
        FromWire<ExitingConfirmed>(c => _exitingConfirmed.Add(ClusterWire.FromWire(c.Node)));
        Receive<ClusterCommand.GossipTick>(_ => GossipTick());
        Receive<ClusterCommand.LeaderActionsTick>(_ => LeaderActionsTick());
        Receive<ClusterCommand.ReapUnreachableTick>(_ => ReapUnreachable());
        Receive<ClusterCommand.HeartbeatTick>(_ => HeartbeatTick());
        Receive<RemoteConnectionRefused>(ReceiveConnectionRefused);
        Receive<ClusterCommand.LoadSampleTick>(_ => SampleLoad());
        Receive<ClusterCommand.SeedTick>(_ => SeedTick());
        Receive<ClusterCommand.JoinRetryTick>(_ => JoinRetryTick());
        Receive<ClusterCommand.JoinGiveUpTick>(_ => JoinGiveUp());
        Receive<ClusterCommand.Join>(j => JoinContact(j.Address));
        Receive<ClusterCommand.JoinSeedNodes>(j => StartSeedProcess(j.Seeds));
        Receive<ClusterCommand.Leave>(l => Leave(l.Address));
        Receive<ClusterCommand.Down>(d => Down(d.Address, "requested by an operator"));
        Receive<ClusterCommand.Subscribe>(Subscribe);
        Receive<LeaseResult>(OnLeaseResult);
        Receive<ClusterShuttingDown>(_ => BeginShutdown(runCoordinatedShutdown: false));
        Receive<ClusterCommand.Shutdown>(_ => StopDaemon());
        Receive<ClusterCommand.ExitingCompleted>(_ => ExitingCompleted());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// A handler for a message from another node: a malformed one (an address or gossip that does not parse) is
    /// logged and dropped, never allowed to restart the daemon, which would lose this node's membership.
    /// </summary>
    private void FromWire<T>(Action<T> handler) => Receive<T>(message =>
    {
        try
        {
            handler(message);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            Log.LogWarning("Dropping a malformed {Message} from {Sender}: {Reason}", typeof(T).Name, Sender.Path.Address, e.Message);
        }
    });

    private long Now => _cluster.Clock();

    protected override void PreStart()
    {
        var initial = _settings.PeriodicTasksInitialDelay;
        Timers.StartPeriodicTimer("gossip", ClusterCommand.GossipTick.Instance, initial, _settings.GossipInterval / 3);
        Timers.StartPeriodicTimer("leader", ClusterCommand.LeaderActionsTick.Instance, initial, _settings.LeaderActionsInterval);
        Timers.StartPeriodicTimer("reaper", ClusterCommand.ReapUnreachableTick.Instance, initial, _settings.UnreachableNodesReaperInterval);
        Timers.StartPeriodicTimer("heartbeat", ClusterCommand.HeartbeatTick.Instance, initial, _settings.FailureDetector.HeartbeatInterval);
        Timers.StartPeriodicTimer("load", ClusterCommand.LoadSampleTick.Instance, TimeSpan.Zero, _settings.LoadSampleInterval);
        Context.System.EventStream.Subscribe(Self, typeof(RemoteConnectionRefused));
        Log.LogInformation("Cluster node {Node} starting (roles: [{Roles}], app version {Version})", _self, string.Join(",", _settings.Roles), _settings.AppVersion);
        if (!_settings.SeedNodes.IsEmpty) StartSeedProcess(_settings.SeedNodes);
    }

    protected override void PostStop()
    {
        _cluster.MarkRemoved();
    }

    /// <summary>Installs a new gossip: publishes what changed, keeps the read view current and reacts to this node's own fate.</summary>
    private void UpdateGossip(GossipState gossip)
    {
        var before = _state;
        _state = new MembershipState(gossip, _self);
        foreach (var e in ClusterEventDiff.Diff(before, _state))
        {
            LogEvent(e);
            if (e is MemberRemoved removed) OnMemberRemoved(removed.Member, removed.PreviousStatus);
            Context.System.EventStream.Publish(e);
        }
        _cluster.UpdateState(ClusterEventDiff.Snapshot(_state));
        _downing?.OnStateChanged(_state, Now);
        ReactToSelfStatus();
    }

    private void OnMemberRemoved(Member member, MemberStatus previousStatus)
    {
        _exitingConfirmed.Remove(member.UniqueAddress);
        _cluster.Detectors.Remove(member.UniqueAddress);
        _cluster.ForgetLoad(member.UniqueAddress);
        // A downed incarnation must never talk to the cluster again, even if it was only cut off; one that left
        // gracefully is shutting down anyway and still needs to hear that its exit is complete.
        if (!member.UniqueAddress.Equals(_self) && previousStatus != MemberStatus.Exiting)
            Kane.Remote.RemotingExtensions.Transport(Context.System).QuarantineRemoved(member.Address, member.UniqueAddress.Uid,
                $"the cluster removed it (it was {previousStatus})");
    }

    private void LogEvent(IClusterDomainEvent e)
    {
        switch (e)
        {
            case MemberRemoved r: Log.LogInformation("Member removed: {Node} (was {Status})", r.Member.UniqueAddress, r.PreviousStatus); break;
            case MemberEvent m: Log.LogInformation("Member {Node} is {Status}", m.Member.UniqueAddress, m.Member.Status); break;
            case UnreachableMember u: Log.LogWarning("Member {Node} is unreachable ({Status})", u.Member.UniqueAddress, u.Member.Status); break;
            case ReachableMember r: Log.LogInformation("Member {Node} is reachable again", r.Member.UniqueAddress); break;
            case LeaderChanged l: Log.LogInformation("Leader is now {Leader}", (object?)l.Leader ?? "none"); break;
        }
    }

    private void Subscribe(ClusterCommand.Subscribe s)
    {
        if (s.Mode == InitialStateMode.AsSnapshot) s.Subscriber.Tell(ClusterEventDiff.Snapshot(_state));
        else
            foreach (var e in ClusterEventDiff.InitialEvents(_state))
                if (s.To.Any(t => t.IsInstanceOfType(e))) s.Subscriber.Tell(e);
        foreach (var type in s.To) Context.System.EventStream.Subscribe(s.Subscriber, type);
    }

    private IActorRef DaemonAt(Address address) =>
        _cluster.System.ResolveActorRef(ActorPath.Root(address) / "system" / "cluster");
}
