using Kane.Dispatch;
using Kane.Event;
using Microsoft.Extensions.Logging;

namespace Kane.Actor.Internal;

/// <summary>
/// The runtime's side of one actor: its mailbox, its current instance, its children and its supervision state. The
/// cell coordinates; watch, children, faults and timeouts live in partial files by concern.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? t_current;
    [ThreadStatic] private static ActorCell? t_constructing;

    private const int StateTerminating = 1;
    private const int StateTerminated = 2;
    private const int StateFailed = 4;

    private readonly ActorSystemImpl _system;
    private readonly InternalActorRef _parent;
    private ActorBase? _actor;
    private Envelope? _current;
    private CellExtras? _extras;
    private int _state;

    public ActorCell(ActorSystemImpl system, ActorPath path, InternalActorRef parent, Props props, Mailbox mailbox, MessageDispatcher dispatcher)
    {
        _system = system;
        _parent = parent;
        Props = props;
        Mailbox = mailbox;
        Self = new LocalActorRef(this, path);
        mailbox.Attach(this, dispatcher);
    }

    /// <summary>A child cell: its path is made from the parent's when first asked for (<see cref="LocalActorRef"/>).</summary>
    public ActorCell(ActorSystemImpl system, string name, int uid, LocalActorRef parent, Props props, Mailbox mailbox, MessageDispatcher dispatcher)
    {
        _system = system;
        _parent = parent;
        Props = props;
        Mailbox = mailbox;
        Self = new LocalActorRef(this, name, uid);
        mailbox.Attach(this, dispatcher);
    }

    /// <summary>The cell whose message is being processed on this thread.</summary>
    internal static ActorCell? Current => t_current;

    internal static IActorRef? CurrentSelf => t_current?.Self;

    /// <summary>The cell whose actor instance is being constructed on this thread.</summary>
    internal static ActorCell? Constructing => t_constructing;

    internal static ActorCell? Enter(ActorCell cell)
    {
        var previous = t_current;
        t_current = cell;
        return previous;
    }

    internal static void Exit(ActorCell? previous) => t_current = previous;

    public LocalActorRef Self { get; }

    IActorRef IActorContext.Self => Self;

    public Mailbox Mailbox { get; }

    public Props Props { get; }

    public ActorSystem System => _system;

    internal ActorSystemImpl SystemImpl => _system;

    internal InternalActorRef ParentRef => _parent;

    public IActorRef Parent => _parent;

    public MessageDispatcher Dispatcher => Mailbox.Dispatcher;

    public IActorRef Sender => _current?.Sender ?? _system.DeadLetters;

    internal ActorBase? Actor => _actor;

    /// <summary>Restart counters kept for this cell's supervisor (in the extras: most actors never fail).</summary>
    internal ChildRestartStats RestartStats => Extras.RestartStats ??= new ChildRestartStats();

    // Published with a compare-exchange: Log may be read from outside the actor (a task continuation), and a racing
    // plain assignment could replace extras the actor thread just filled (a watch, a stash) with an empty one.
    private CellExtras Extras => _extras ?? Interlocked.CompareExchange(ref _extras, new CellExtras(), null) ?? _extras;

    private bool IsTerminating => (_state & (StateTerminating | StateTerminated)) != 0;

    public ILogger Log => Extras.Log ??= _system.Logging.ForActor(Props.ActorType, Self.Path);

    /// <summary>Starts the cell: the actor instance is created by the <see cref="Create"/> system message on its own thread.</summary>
    internal void Start()
    {
        Dispatcher.Attach(Mailbox);
        Mailbox.PostSystem(new Create());
    }

    /// <summary>Processes one user message.</summary>
    internal void Invoke(Envelope envelope)
    {
        _current = envelope;
        var message = envelope.Message;
        try
        {
            if (message is IAutoReceivedMessage) AutoReceive(message);
            else ReceiveMessage(message);
            // Done with it: an idle actor must not keep its last message (and its sender) alive. After a failure it
            // stays, for PreRestart; an async handler keeps its own copy (RunAsync).
            _current = null;
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            if (_extras?.ReceiveTimeout is not null && message is not INotInfluenceReceiveTimeout) RescheduleReceiveTimeout();
        }
    }

    internal void ReceiveMessage(object message)
    {
        var actor = _actor;
        if (actor is null) return;
        var behaviors = _extras?.Behaviors;
        var handled = behaviors is { Count: > 0 } ? behaviors[^1](message) : actor.AroundReceive(message);
        if (!handled) actor.AroundUnhandled(message);
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case TerminatedNotice notice:
                ReceivedTerminated(notice.Terminated);
                break;
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            case ActorSelectionMessage selection:
                Kane.Actor.ActorSelection.Deliver(selection, this);
                break;
            case TimerScheduler.TimerMessage timer:
                _extras?.Timers?.Deliver(timer, this);
                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    /// <summary>Processes one system message.</summary>
    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Internal.Create: Create(); break;
                case Watch w: HandleWatch(w); break;
                case Unwatch u: HandleUnwatch(u); break;
                case DeathWatchNotification d: HandleDeathWatchNotification(d); break;
                case Failed f: HandleFailed(f); break;
                case Suspend: FaultSuspend(); break;
                case Resume r: FaultResume(r.CausedByFailure); break;
                case Recreate r: FaultRecreate(r.Cause); break;
                case Internal.Terminate: Terminate(); break;
                case AsyncContinuation c: RunContinuation(c); break;
                case AsyncCompleted a: AsyncHandlerCompleted(a.Task); break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    /// <summary>A system message that reached a stopped actor: watchers still learn that it is gone.</summary>
    internal void SystemInvokeAfterClose(SystemMessage message)
    {
        if (message is Watch w && w.Watchee.Equals(Self) && !w.Watcher.Equals(Self))
            w.Watcher.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true, addressTerminated: false));
    }

    public void Become(Receive receive)
    {
        var behaviors = Extras.Behaviors ??= [];
        if (behaviors.Count > 0) behaviors[^1] = receive;
        else behaviors.Add(receive);
    }

    public void BecomeStacked(Receive receive) => (Extras.Behaviors ??= []).Add(receive);

    public void Unbecome()
    {
        var behaviors = _extras?.Behaviors;
        if (behaviors is { Count: > 0 }) behaviors.RemoveAt(behaviors.Count - 1);
    }

    internal void PublishUnhandled(object message)
    {
        _system.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
        _system.Logging.LogUnhandled(Self, message);
    }

    internal object? CurrentMessage => _current?.Message;

    internal Envelope? CurrentEnvelope => _current;

    public override string ToString() => $"ActorCell({Self.Path})";
}
