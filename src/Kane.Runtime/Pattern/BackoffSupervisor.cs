using Kane.Actor;

namespace Kane.Pattern;

/// <summary>
/// Runs one child and starts it again with exponentially growing delays after it fails or stops, so that a child
/// depending on a broken resource (a database, a disk) does not hammer it. Other messages are forwarded to the child.
/// </summary>
public sealed class BackoffSupervisor : UntypedActor
{
    private readonly BackoffOptions _options;
    private IActorRef? _child;
    private int _restartCount;
    private bool _finalStopReceived;
    private bool _childFailed;

    internal BackoffSupervisor(BackoffOptions options) => _options = options;

    /// <summary>Ask for the current child; answered with <see cref="CurrentChild"/>.</summary>
    public sealed class GetCurrentChild
    {
        public static readonly GetCurrentChild Instance = new();
        private GetCurrentChild() { }
    }

    /// <summary>The current child, or null while it is waiting to be started again.</summary>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Ask for the restart count; answered with <see cref="RestartCount"/>.</summary>
    public sealed class GetRestartCount
    {
        public static readonly GetRestartCount Instance = new();
        private GetRestartCount() { }
    }

    public sealed record RestartCount(int Count);

    /// <summary>Resets the restart count (the manual reset).</summary>
    public sealed class Reset
    {
        public static readonly Reset Instance = new();
        private Reset() { }
    }

    private sealed record StartChild;

    private sealed record ResetRestartCount(int Current);

    protected override SupervisorStrategy SupervisorStrategy() => _options.Mode == BackoffMode.OnFailure
        ? new OneForOneStrategy(e =>
        {
            var directive = (_options.Strategy ?? Actor.SupervisorStrategy.DefaultStrategy).Decider(e);
            if (directive is Directive.Restart) _childFailed = true;
            // Restarts go through the back-off: stop now, start again after the delay.
            return directive is Directive.Restart ? Directive.Stop : directive;
        })
        : _options.Strategy ?? Actor.SupervisorStrategy.DefaultStrategy;

    protected override void PreStart() => StartChildNow();

    private void StartChildNow()
    {
        if (_child is not null) return;
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        if (_options.AutoReset is { } reset)
            Context.System.Scheduler.ScheduleTellOnce(reset, Self, new ResetRestartCount(_restartCount), Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Terminated t when t.ActorRef.Equals(_child):
                ChildTerminated();
                break;
            case StartChild:
                StartChildNow();
                break;
            case ResetRestartCount r:
                if (r.Current == _restartCount) _restartCount = 0;
                break;
            case Reset:
                _restartCount = 0;
                break;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child), Self);
                break;
            case GetRestartCount:
                Sender.Tell(new RestartCount(_restartCount), Self);
                break;
            default:
                Forward(message);
                break;
        }
    }

    private void Forward(object message)
    {
        if (_child is not null)
        {
            if (_options.FinalStopMessage?.Invoke(message) == true) _finalStopReceived = true;
            _child.Forward(message);
            return;
        }
        if (_options.FinalStopMessage?.Invoke(message) == true)
        {
            Context.Stop(Self);
            return;
        }
        if (_options.ReplyWhileStopped is { } reply) Sender.Tell(reply, Self);
        else Context.System.DeadLetters.Tell(message, Sender);
    }

    private void ChildTerminated()
    {
        _child = null;
        var failed = _childFailed;
        _childFailed = false;
        if (_finalStopReceived || (_options.Mode == BackoffMode.OnFailure && !failed))
        {
            Context.Stop(Self);
            return;
        }
        if (_options.MaxNrOfRetries >= 0 && _restartCount >= _options.MaxNrOfRetries)
        {
            Context.Stop(Self);
            return;
        }
        var delay = _options.Delay(_restartCount, Random.Shared.NextDouble());
        _restartCount++;
        Context.System.Scheduler.ScheduleTellOnce(delay, Self, new StartChild(), Self);
    }
}
