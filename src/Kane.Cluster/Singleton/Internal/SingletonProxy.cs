using System.Collections.Immutable;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Event;
using Kane.Remote;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Singleton.Internal;

/// <summary>
/// Forwards to the singleton wherever it runs. It asks the manager on the oldest member (with the role) for the
/// singleton every identification interval until that manager runs it; meanwhile, and while the singleton moves,
/// messages wait in a bounded buffer (full: the oldest goes to dead letters). A manager about to stop its
/// singleton for a hand-over tells the proxy first (<see cref="SingletonStopping"/>): from then on the proxy buffers,
/// and delivers the buffer in order to the next singleton it identifies.
/// </summary>
internal sealed class SingletonProxy : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster;
    private readonly IReadOnlyList<string> _managerPath;
    private readonly ClusterSingletonProxySettings _settings;
    private readonly LinkedList<(object Message, IActorRef Sender)> _buffer = new();
    private ImmutableDictionary<UniqueAddress, Member> _members = ImmutableDictionary<UniqueAddress, Member>.Empty;
    private Member? _target;
    private IActorRef? _singleton;

    public SingletonProxy(string singletonManagerPath, ClusterSingletonProxySettings? settings)
    {
        settings ??= ClusterSingletonProxySettings.FromConfig(Context.System.Settings.Config);
        _cluster = Cluster.Get(Context.System);
        _managerPath = singletonManagerPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        _settings = settings.Validate();

        Receive<CurrentClusterState>(s =>
        {
            _members = SingletonPlacement.From(s);
            Retarget();
        });
        Receive<MemberEvent>(e =>
        {
            _members = SingletonPlacement.Apply(_members, e);
            Retarget();
        });
        Receive<ActorIdentity>(id => SingletonWire.IdentityId.Equals(id.MessageId), OnIdentity);
        Receive<SingletonStopping>(_ => OnStopping(Sender));
        Receive<IdentifyTick>(_ => Identify());
        Receive<Terminated>(t => t.ActorRef.Equals(_singleton), t =>
        {
            Log.LogInformation("Singleton {Singleton} terminated; identifying it again", t.ActorRef.Path);
            LoseSingleton();
        });
        Receive<Terminated>(_ => { }); // a singleton given up before it stopped
        ReceiveAny(OnMessage);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    internal int BufferedCount => _buffer.Count;

    protected override void PreStart()
    {
        SingletonWire.Register(Context.System.Transport().Settings.Serialization);
        _cluster.Subscribe(Self, InitialStateMode.AsSnapshot, typeof(MemberEvent));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        foreach (var (message, sender) in _buffer)
            Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self) { Reason = "singleton proxy stopped with the message still buffered" }, sender);
        _buffer.Clear();
    }

    private void OnMessage(object message)
    {
        if (_singleton is not null)
        {
            _singleton.Tell(message, Sender);
            return;
        }
        if (_settings.BufferSize == 0)
        {
            Context.System.DeadLetters.Tell(new DeadLetter(message, Sender, Self) { Reason = "no singleton known and singleton-proxy.buffer-size = 0" }, Sender);
            return;
        }
        if (_buffer.Count >= _settings.BufferSize)
        {
            var (oldest, oldestSender) = _buffer.First!.Value;
            _buffer.RemoveFirst();
            Log.LogWarning("Singleton proxy buffer full ({Size} messages, kane.cluster.singleton-proxy.buffer-size); dropping the oldest ({Type}) to dead letters",
                _settings.BufferSize, oldest.GetType().Name);
            Context.System.DeadLetters.Tell(new DeadLetter(oldest, oldestSender, Self) { Reason = "singleton proxy buffer full" }, oldestSender);
        }
        _buffer.AddLast((message, Sender));
    }

    private void Retarget()
    {
        var target = SingletonPlacement.Oldest(_members.Values, _settings.Role);
        if (Equals(target?.UniqueAddress, _target?.UniqueAddress)) return;
        _target = target;
        if (_singleton is not null && _singleton.Path.Address != target?.Address)
        {
            Log.LogInformation("The oldest member changed to {Target}; buffering until the singleton is identified there", (object?)target?.Address ?? "none");
            LoseSingleton();
        }
        else if (_singleton is null)
        {
            Identify();
        }
    }

    private void LoseSingleton()
    {
        if (_singleton is not null) Context.Unwatch(_singleton);
        _singleton = null;
        Identify();
    }

    private void Identify()
    {
        if (_singleton is not null)
        {
            Timers.Cancel("identify");
            return;
        }
        if (!Timers.IsTimerActive("identify"))
            Timers.StartPeriodicTimer("identify", IdentifyTick.Instance, _settings.SingletonIdentificationInterval);
        if (_target is null) return;
        var path = ActorPath.Root(_target.Address);
        foreach (var element in _managerPath) path /= element;
        ((ActorSystemImpl)Context.System).ResolveActorRef(path).Tell(new SingletonQuery(), Self);
    }

    private void OnIdentity(ActorIdentity identity)
    {
        if (identity.Subject is not { } singleton || _singleton is not null || _target is null || singleton.Path.Address != _target.Address) return;
        _singleton = singleton;
        Context.Watch(singleton);
        Timers.Cancel("identify");
        Log.LogInformation("Singleton identified at {Singleton}; delivering {Count} buffered messages", singleton.Path, _buffer.Count);
        foreach (var (message, sender) in _buffer) singleton.Tell(message, sender);
        _buffer.Clear();
    }

    /// <summary>The singleton's manager is about to stop it: buffer from now on, and say so.</summary>
    private void OnStopping(IActorRef manager)
    {
        if (_singleton is not null && _singleton.Path.Address == manager.Path.Address)
        {
            Log.LogInformation("Singleton {Singleton} is being handed over; buffering", _singleton.Path);
            LoseSingleton();
        }
        manager.Tell(new SingletonStoppingAck(), Self);
    }

    private sealed class IdentifyTick
    {
        public static readonly IdentifyTick Instance = new();
    }
}
