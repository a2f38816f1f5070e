using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Scheduling;

namespace Kane.Pattern;

/// <summary>
/// The temporary reference an ask sends as its sender: the first message it receives completes the ask (a
/// <see cref="Status.Failure"/> faults it); after completion or timeout it behaves like a stopped actor.
/// </summary>
internal sealed class PromiseActorRef : InternalActorRef
{
    private static long s_counter;
    private readonly ActorSystemImpl _system;
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _id = Interlocked.Increment(ref s_counter);
    private ICancelable? _timeout;
    private ActorPath? _path;
    private HashSet<IActorRef>? _watchers;

    public PromiseActorRef(ActorSystemImpl system) => _system = system;

    public Task<object> Task => _promise.Task;

    // Built on first use: most asks never need their path, and formatting it would cost more than the ask itself.
    public override ActorPath Path => _path ??= (ActorPath.Root(_system.Address) / "temp").Child("$" + _id.ToString(global::System.Globalization.CultureInfo.InvariantCulture), (int)_id);

    public override InternalActorRef? Parent => null;

    public override ActorSystem System => _system;

    public override bool IsLocal => true;

    public override bool IsTerminated => _promise.Task.IsCompleted;

    public void StartTimeout(TimeSpan timeout, IActorRef target, object message)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return;
        _timeout = _system.Scheduler.ScheduleOnce(timeout, () =>
        {
            if (_promise.TrySetException(new AskTimeoutException($"Ask timed out on {target.Path} after {timeout.TotalMilliseconds:0} ms; message was {message.GetType().Name}.")))
                NotifyWatchers();
        });
    }

    public void Cancel(CancellationToken token)
    {
        if (_promise.TrySetCanceled(token)) Complete();
    }

    public override void Tell(object message, IActorRef? sender)
    {
        var done = message is Status.Failure failure ? _promise.TrySetException(failure.Cause) : _promise.TrySetResult(message);
        if (done) Complete();
        else if (message is not Terminated) _system.DeadLetters.Tell(message, sender);
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Watch w when w.Watchee.Equals(this):
                lock (_promise)
                {
                    if (!IsTerminated)
                    {
                        (_watchers ??= []).Add(w.Watcher);
                        return;
                    }
                }
                w.Watcher.SendSystemMessage(new DeathWatchNotification(this, true, false));
                break;
            case Unwatch u when u.Watchee.Equals(this):
                lock (_promise) _watchers?.Remove(u.Watcher);
                break;
        }
    }

    private void Complete()
    {
        _timeout?.Cancel();
        NotifyWatchers();
    }

    private void NotifyWatchers()
    {
        HashSet<IActorRef>? watchers;
        lock (_promise)
        {
            watchers = _watchers;
            _watchers = null;
        }
        if (watchers is null) return;
        foreach (var w in watchers) ((InternalActorRef)w).SendSystemMessage(new DeathWatchNotification(this, true, false));
    }
}
