using System.Collections.Concurrent;
using Kane.Dispatch;
using Kane.Logging;
using Kane.Event;
using Kane.Routing;
using Kane.Scheduling;
using Kane.Shutdown;
using Microsoft.Extensions.Logging;

namespace Kane.Actor.Internal;

/// <summary>The actor system: the guardians, the registries of dispatchers and mailboxes, and termination.</summary>
internal sealed class ActorSystemImpl : ActorSystem
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, MessageDispatcher> _dispatchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, object> _extensions = new();
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private MessageDispatcher? _defaultDispatcher;
    private int _terminating;

    public ActorSystemImpl(string name, ActorSystemSettings settings)
    {
        ValidateSystemName(name);
        Name = name;
        Settings = settings;
        Remote = settings.RemoteProviderFactory?.Invoke(name);
        Address = Remote?.Address ?? Address.Local(name);
        Scheduler = new TimeProviderScheduler(settings.TimeProvider);
        StartTime = Scheduler.Now;
        EventStream = new EventStream();
        Logging = new RuntimeLogging(settings, EventStream);
        Log = Logging.ForCategory("Kane.ActorSystem", Address.ToString());
        var rootPath = ActorPath.Root(Address);
        DeadLetterRef = new DeadLetterActorRef(this, rootPath / "deadLetters");
        var rootParent = new RootParentRef(this, rootPath / "bubble-walker");
        _root = NewCell(Props.Create(() => new GuardianActor()).WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy), rootPath.WithUid(1), rootParent);
        _root.Start();
        _systemGuardian = CreateCell(Props.Create(() => new GuardianActor()), _root, "system");
        _userGuardian = CreateCell(Props.Create(() => new GuardianActor()), _root, "user");
        // Termination order: /user stops first; /system follows when it sees /user gone; the root when /system is gone.
        _systemGuardian.Self.SendSystemMessage(new Watch(_userGuardian.Self, _systemGuardian.Self));
        _root.Self.SendSystemMessage(new Watch(_systemGuardian.Self, _root.Self));
        // Created eagerly so that SIGTERM and process exit run the phases even if nobody asked for it yet.
        if (settings.CoordinatedShutdown.RunByClrShutdownHook) CoordinatedShutdown.Get(this);
        Remote?.Start(this);
    }

    /// <summary>The transport that makes this system reachable from others; null for a local-only system.</summary>
    internal IRemoteActorRefProvider? Remote { get; }

    /// <summary>
    /// The reference for a path: a local actor found by walking down from the root (dead letters when none lives
    /// there, or when the uid names an older incarnation), or a remote reference for another system's address.
    /// </summary>
    internal InternalActorRef ResolveActorRef(ActorPath path)
    {
        if (path.Address != Address)
            return Remote?.ResolveRemote(path) ?? DeadLetterRef;
        InternalActorRef current = RootGuardian;
        foreach (var element in path.Elements)
        {
            if (current.GetChild(element) is not { } child) return DeadLetterRef;
            current = child;
        }
        return path.Uid != 0 && current.Path.Uid != path.Uid ? DeadLetterRef : current;
    }

    public override string Name { get; }

    public override ActorSystemSettings Settings { get; }

    public override Address Address { get; }

    internal DeadLetterActorRef DeadLetterRef { get; }

    public override IActorRef DeadLetters => DeadLetterRef;

    public override EventStream EventStream { get; }

    public override IScheduler Scheduler { get; }

    internal RuntimeLogging Logging { get; }

    public override ILoggerFactory LoggerFactory => Settings.LoggerFactory;

    public override ILogger Log { get; }

    public override DateTimeOffset StartTime { get; }

    internal DateTimeOffset Now => Scheduler.Now;

    internal LocalActorRef RootGuardian => _root.Self;

    internal LocalActorRef UserGuardian => _userGuardian.Self;

    internal LocalActorRef SystemGuardian => _systemGuardian.Self;

    internal bool IsTerminating => Volatile.Read(ref _terminating) != 0;

    public override Task WhenTerminated => _terminated.Task;

    public override IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Creates an actor under <c>/system</c>; for the runtime's and extensions' own actors.</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    public override ActorSelection ActorSelection(string path) => Kane.Actor.ActorSelection.Create(this, _userGuardian.Self, path);

    public override void Stop(IActorRef actor)
    {
        if (actor is InternalActorRef target) target.Stop();
    }

    public override T GetOrAddExtension<T>(Func<ActorSystem, T> factory) =>
        (T)_extensions.GetOrAdd(typeof(T), static (_, state) => state.factory(state.system), (factory, system: (ActorSystem)this));

    public override Task Terminate()
    {
        if (Settings.CoordinatedShutdown.RunByActorSystemTerminate)
        {
            _ = CoordinatedShutdown.Get(this).Run(ShutdownReason.ActorSystemTerminate);
            return WhenTerminated;
        }
        return TerminateCore();
    }

    /// <summary>Stops the guardians; the last step of coordinated shutdown.</summary>
    internal Task TerminateCore()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0) _userGuardian.Self.Stop();
        return WhenTerminated;
    }

    /// <summary>Called when the root guardian has stopped: everything is gone.</summary>
    internal void OnRootTerminated()
    {
        Interlocked.Exchange(ref _terminating, 1);
        foreach (var dispatcher in _dispatchers.Values) dispatcher.Shutdown();
        _terminated.TrySetResult();
    }

    internal ActorCell CreateCell(Props props, ActorCell parent, string name)
    {
        if (props.Router is { } router) props = router.RouterProps(props);
        var cell = new ActorCell(this, name, NewUid(), parent.Self, props, CreateMailbox(props), Dispatcher(props.Dispatcher));
        parent.ReserveChild(name, cell.Self);
        cell.Start();
        return cell;
    }

    private ActorCell NewCell(Props props, ActorPath path, InternalActorRef parent) =>
        new(this, path, parent, props, CreateMailbox(props), Dispatcher(props.Dispatcher));

    private static int NewUid()
    {
        int uid;
        do uid = Random.Shared.Next(); while (uid == 0);
        return uid;
    }

    private Mailbox CreateMailbox(Props props)
    {
        if (props.Mailbox == Props.DefaultMailboxId) return new UnboundedMailbox();
        if (Settings.Mailboxes.TryGetValue(props.Mailbox, out var type)) return type.Create();
        if (Settings.ConfiguredMailbox(props.Mailbox) is { } configured) return configured.Create();
        throw new ArgumentException($"Unknown mailbox '{props.Mailbox}' in the Props of {props.ActorType.Name}. Register it in ActorSystemSettings.Mailboxes or define a config section '{props.Mailbox} {{ type = bounded, capacity = ... }}'.");
    }

    internal MessageDispatcher Dispatcher(string id)
    {
        // Every spawn asks; the default id is the interned constant, so a reference check skips hashing it.
        if (ReferenceEquals(id, Props.DefaultDispatcherId) && _defaultDispatcher is { } cached) return cached;
        var dispatcher = _dispatchers.TryGetValue(id, out var d) ? d : _dispatchers.GetOrAdd(id, CreateDispatcher);
        if (ReferenceEquals(id, Props.DefaultDispatcherId)) _defaultDispatcher = dispatcher;
        return dispatcher;
    }

    private MessageDispatcher CreateDispatcher(string id)
    {
        var configured = Settings.Dispatchers.TryGetValue(id, out var registered) ? registered : Settings.ConfiguredDispatcher(id);
        // The default dispatcher's throughput is a first-class setting (Settings.Throughput), whatever its config says.
        if (id == Props.DefaultDispatcherId) configured = (configured ?? new DispatcherSettings(DispatcherKind.ForkJoin)) with { Throughput = Settings.Throughput };
        if (configured is null && id == BuiltInDispatchers.Pinned) configured = new DispatcherSettings(DispatcherKind.Pinned, Settings.Throughput);
        if (configured is null && id == BuiltInDispatchers.CallingThread) configured = new DispatcherSettings(DispatcherKind.CallingThread);
        return configured?.Kind switch
        {
            DispatcherKind.Pinned => new PinnedDispatcher(id, configured.Throughput),
            DispatcherKind.CallingThread => new CallingThreadDispatcher(id),
            DispatcherKind.ForkJoin => new ForkJoinDispatcher(id, configured.Throughput, configured.Parallelism),
            DispatcherKind.ThreadPool => new ThreadPoolDispatcher(id, configured.Throughput),
            _ => throw new ArgumentException($"Unknown dispatcher '{id}'. Register it in ActorSystemSettings.Dispatchers, define a config section '{id} {{ type = fork-join|thread-pool|pinned }}', or use one of: {Props.DefaultDispatcherId}, {BuiltInDispatchers.Pinned}, {BuiltInDispatchers.CallingThread}."),
        };
    }

    private static void ValidateSystemName(string name)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !char.IsAsciiLetterOrDigit(name[0]))
            throw new ArgumentException($"Invalid actor system name '{name}': use ASCII letters, digits, '-' and '_', starting with a letter or digit.", nameof(name));
    }

    /// <summary>The guardians: they handle nothing themselves; they stop when the guardian they watch stops.</summary>
    private sealed class GuardianActor : ActorBase
    {
        protected override bool Receive(object message)
        {
            if (message is not Terminated) return false;
            Context.Stop(Self);
            return true;
        }
    }
}
