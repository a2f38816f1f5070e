using System.Collections.Concurrent;
using System.Collections.Immutable;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Cluster.FailureDetection;
using Kane.Cluster.Internal;
using Kane.Remote;
using Kane.Shutdown;

namespace Kane.Cluster;

/// <summary>
/// This node's membership in a cluster: joining, leaving and downing, the current state, event subscriptions and
/// the latest load report of every member. One per actor system; needs remoting. Started by
/// <c>system.StartCluster(...)</c> (or the first <see cref="Get"/>, with settings from <c>kane.cluster</c>).
/// </summary>
public sealed class Cluster
{
    /// <summary>The reason coordinated shutdown runs with after this node left the cluster.</summary>
    public static readonly ShutdownReason ClusterLeavingReason = new("cluster leaving");

    /// <summary>The reason coordinated shutdown runs with after this node was downed or removed.</summary>
    public static readonly ShutdownReason ClusterDowningReason = new("cluster downing");

    private readonly ActorSystemImpl _system;
    private readonly ConcurrentDictionary<UniqueAddress, NodeLoad> _loads = new();
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CurrentClusterState _state = CurrentClusterState.Empty;
    private volatile Func<long> _queueLength = static () => 0;

    internal Cluster(ActorSystem system, ClusterSettings settings, IClusterLease? lease = null)
    {
        Lease = lease;
        if (system is not ActorSystemImpl impl || !system.HasRemoting())
            throw new InvalidOperationException($"Clustering needs remoting: create {system.Name} with ActorSystemSettings.WithRemoting(...) (or WithRemoting in hosting) before starting the cluster.");
        _system = impl;
        Settings = settings.Validate();
        var transport = system.Transport();
        SelfUniqueAddress = new UniqueAddress(system.Address, transport.Uid);
        ClusterWire.Register(transport.Settings.Serialization);
        var time = system.Settings.TimeProvider;
        Clock = () => time.GetTimestamp() * 1000 / time.TimestampFrequency;
        Detectors = new FailureDetectorRegistry(() => Settings.FailureDetector.CreateDetector(Clock));
        transport.IsClusterManaged = address => _state.Members.Any(m => m.Address == address);
        Daemon = impl.SystemActorOf(Props.Create(() => new ClusterDaemon(this)), "cluster");
        RegisterShutdownTasks();
    }

    /// <summary>The cluster of <paramref name="system"/>, started with the <c>kane.cluster</c> settings on first use.</summary>
    public static Cluster Get(ActorSystem system) =>
        system.GetOrAddExtension(s => new Cluster(s, ClusterSettings.FromConfig(s.Settings.Config)));

    public ClusterSettings Settings { get; }

    public UniqueAddress SelfUniqueAddress { get; }

    public Address SelfAddress => SelfUniqueAddress.Address;

    public ImmutableSortedSet<string> SelfRoles => Settings.Roles;

    /// <summary>This node as the cluster currently sees it (Removed before it joined and after it left).</summary>
    public Member SelfMember =>
        _state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(SelfUniqueAddress))
        ?? Member.Create(SelfUniqueAddress, Settings.Roles, Settings.AppVersion) with { Status = _removed.Task.IsCompleted ? MemberStatus.Removed : MemberStatus.Joining };

    /// <summary>The latest state this node knows: members, unreachable ones, the leader and role leaders.</summary>
    public CurrentClusterState State => _state;

    /// <summary>Completes when this node becomes Up (or WeaklyUp).</summary>
    public Task WhenUp => _up.Task;

    /// <summary>Completes when this node has been removed from the cluster or its cluster daemon stopped.</summary>
    public Task WhenRemoved => _removed.Task;

    public bool IsTerminated => _removed.Task.IsCompleted;

    /// <summary>The latest load report of each member heard from (this node's own sample included).</summary>
    public IReadOnlyDictionary<UniqueAddress, NodeLoad> LoadReports => _loads;

    /// <summary>This node's latest load sample.</summary>
    public NodeLoad SelfLoad => _loads.TryGetValue(SelfUniqueAddress, out var l) ? l : NodeLoad.Idle;

    /// <summary>Where this node's queue length (work waiting) comes from; it travels in the load reports.</summary>
    public void SetQueueLengthProvider(Func<long> provider) => _queueLength = provider ?? throw new ArgumentNullException(nameof(provider));

    /// <summary>Joins the cluster <paramref name="address"/> belongs to (this node's own address forms a new cluster).</summary>
    public void Join(Address address) => Daemon.Tell(new ClusterCommand.Join(RequireRemote(address)));

    /// <summary>Joins through the seed-node process: only the first seed may join itself.</summary>
    public void JoinSeedNodes(IEnumerable<Address> seeds) => Daemon.Tell(new ClusterCommand.JoinSeedNodes([.. seeds.Select(RequireRemote)]));

    /// <summary>Asks <paramref name="address"/> to leave gracefully (Leaving → Exiting → Removed).</summary>
    public void Leave(Address address) => Daemon.Tell(new ClusterCommand.Leave(address));

    /// <summary>Declares <paramref name="address"/> dead: it is removed once the others have seen the verdict.</summary>
    public void Down(Address address) => Daemon.Tell(new ClusterCommand.Down(address));

    /// <summary>Leaves gracefully and completes when this node has been removed (or <paramref name="timeout"/> passes).</summary>
    public async Task LeaveAsync(TimeSpan timeout)
    {
        Leave(SelfAddress);
        await Task.WhenAny(WhenRemoved, Task.Delay(timeout)).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="subscriber"/> the current state (a snapshot or the events that build it), then every
    /// later event of the given types (all cluster events when none are given).
    /// </summary>
    public void Subscribe(IActorRef subscriber, InitialStateMode mode, params Type[] to) =>
        Daemon.Tell(new ClusterCommand.Subscribe(subscriber, mode, to.Length == 0 ? [typeof(IClusterDomainEvent)] : to));

    public void Subscribe(IActorRef subscriber, params Type[] to) => Subscribe(subscriber, InitialStateMode.AsEvents, to);

    public void Unsubscribe(IActorRef subscriber) => _system.EventStream.Unsubscribe(subscriber);

    public void Unsubscribe(IActorRef subscriber, Type to) => _system.EventStream.Unsubscribe(subscriber, to);

    /// <summary>Runs <paramref name="callback"/> once this node is Up (at once if it already is).</summary>
    public void RegisterOnMemberUp(Action callback) => _up.Task.ContinueWith(_ => callback(), TaskScheduler.Default);

    /// <summary>Runs <paramref name="callback"/> once this node has been removed or its cluster stopped.</summary>
    public void RegisterOnMemberRemoved(Action callback) => _removed.Task.ContinueWith(_ => callback(), TaskScheduler.Default);

    internal IActorRef Daemon { get; }

    /// <summary>The lease lease-majority competes for; null with the other strategies.</summary>
    internal IClusterLease? Lease { get; }

    internal ActorSystemImpl System => _system;

    internal Func<long> Clock { get; }

    internal FailureDetectorRegistry Detectors { get; }

    internal long QueueLength()
    {
        try
        {
            return _queueLength();
        }
        catch (Exception)
        {
            return 0;
        }
    }

    internal void UpdateState(CurrentClusterState state)
    {
        _state = state;
        var self = state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(SelfUniqueAddress));
        if (self?.Status is MemberStatus.Up or MemberStatus.WeaklyUp) _up.TrySetResult();
        if (self?.Status is MemberStatus.Exiting or MemberStatus.Down) _exiting.TrySetResult();
    }

    internal void ReportLoad(UniqueAddress node, NodeLoad load) => _loads[node] = load;

    internal void ForgetLoad(UniqueAddress node) => _loads.TryRemove(node, out _);

    internal void MarkRemoved()
    {
        _exiting.TrySetResult();
        _removed.TrySetResult();
    }

    private Address RequireRemote(Address address) =>
        address.HasGlobalScope && address.Port is not null
            ? address
            : throw new ArgumentException($"'{address}' is not a cluster address; use the full form kane.tcp://system@host:port.", nameof(address));

    private void RegisterShutdownTasks()
    {
        var shutdown = CoordinatedShutdown.Get(_system);
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterLeave, "leave", async ct =>
        {
            if (IsTerminated || SelfMember.Status is MemberStatus.Removed or MemberStatus.Down or MemberStatus.Exiting) return;
            if (!_state.Members.Any(m => m.UniqueAddress.Equals(SelfUniqueAddress))) return;
            Daemon.Tell(ClusterShuttingDown.Instance);
            Leave(SelfAddress);
            await Task.WhenAny(_exiting.Task, _removed.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterExiting, "wait-exiting", async ct =>
        {
            if (IsTerminated || !_state.Members.Any(m => m.UniqueAddress.Equals(SelfUniqueAddress))) return;
            await Task.WhenAny(_exiting.Task, _removed.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterExitingDone, "exiting-completed", async ct =>
        {
            // Everything that had to happen while Exiting (singleton hand-over) is done: confirm the exit to the
            // leader, and give it a moment to remove this node while it is still reachable, so the others see a
            // clean MemberRemoved (from Exiting).
            if (IsTerminated || SelfMember.Status is MemberStatus.Down || _state.Members.Count <= 1) return;
            Daemon.Tell(ClusterCommand.ExitingCompleted.Instance);
            await Task.WhenAny(_removed.Task, Task.Delay(Settings.LeaderActionsInterval * 4 + Settings.GossipInterval, ct)).ConfigureAwait(false);
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterShutdown, "stop-daemon", async _ =>
        {
            Daemon.Tell(ClusterCommand.Shutdown.Instance);
            await Task.WhenAny(_removed.Task, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            MarkRemoved();
        });
    }
}
