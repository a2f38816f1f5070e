using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Scheduling;

namespace Kane.Pattern;

/// <summary>
/// The temporary reference an ask sends as its sender: the first message it receives completes the ask (a
/// <see cref="Status.Failure"/> faults it, a reply of the wrong type faults it with an <see cref="InvalidCastException"/>);
/// after completion or timeout it behaves like a stopped actor.
/// </summary>
/// <remarks>
/// Typed, so that the ask's task is the promise's own task: no async method around it, no closures. The timeout is a
/// message the system scheduler sends to the promise itself, so virtual time still drives it in tests.
/// </remarks>
internal sealed class PromiseActorRef<T> : InternalActorRef
{
    private static readonly object TimedOut = new();

    private readonly ActorSystemImpl _system;
    private readonly TaskCompletionSource<T> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _id = PromiseIds.Next();
    private readonly IActorRef _target;
    private readonly object _message;
    private TimeSpan _timeoutAfter;
    private ICancelable? _timeout;
    private CancellationTokenRegistration _cancellation;
    private ActorPath? _path;
    private HashSet<IActorRef>? _watchers;

    private PromiseActorRef(ActorSystemImpl system, IActorRef target, object message)
    {
        _system = system;
        _target = target;
        _message = message;
    }

    /// <summary>A promise with its timeout and cancellation armed; the caller sends the message with it as sender.</summary>
    public static PromiseActorRef<T> Start(ActorSystemImpl system, IActorRef target, object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var promise = new PromiseActorRef<T>(system, target, message);
        var after = timeout ?? system.Settings.AskTimeout;
        if (after != Timeout.InfiniteTimeSpan)
        {
            promise._timeoutAfter = after;
            promise._timeout = system.Scheduler.ScheduleTellOnce(after, promise, TimedOut, null);
        }
        if (cancellationToken.CanBeCanceled)
            promise._cancellation = cancellationToken.Register(static s => ((PromiseActorRef<T>)s!).Cancel(), promise);
        return promise;
    }

    public Task<T> Task => _promise.Task;

    // Built on first use: most asks never need their path, and formatting it would cost more than the ask itself.
    public override ActorPath Path => _path ??= (ActorPath.Root(_system.Address) / "temp").Child("$" + _id.ToString(global::System.Globalization.CultureInfo.InvariantCulture), (int)_id);

    public override InternalActorRef? Parent => null;

    public override ActorSystem System => _system;

    public override bool IsLocal => true;

    public override bool IsTerminated => _promise.Task.IsCompleted;

    /// <summary>Faults the ask because sending its message failed.</summary>
    public void Fail(Exception cause)
    {
        if (_promise.TrySetException(cause)) Complete();
    }

    private void Cancel()
    {
        if (_promise.TrySetCanceled()) Complete();
    }

    public override void Tell(object message, IActorRef? sender)
    {
        if (ReferenceEquals(message, TimedOut))
        {
            if (_promise.TrySetException(new AskTimeoutException($"Ask timed out on {_target.Path} after {_timeoutAfter.TotalMilliseconds:0} ms; message was {_message.GetType().Name}.")))
                Complete();
            return;
        }
        var done = message switch
        {
            Status.Failure failure => _promise.TrySetException(failure.Cause),
            T typed => _promise.TrySetResult(typed),
            _ => _promise.TrySetException(new InvalidCastException(
                $"Ask of {_target.Path} expected a {typeof(T).Name} reply but got {message?.GetType().Name ?? "null"}: {message}.")),
        };
        if (done) Complete();
        else if (message is not null and not Terminated) _system.DeadLetters.Tell(message, sender);
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
        // Unregister, not Dispose: Dispose would wait for a cancellation callback that may be this very call.
        _cancellation.Unregister();
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

/// <summary>Numbers for the paths of temporary ask refs, shared by every reply type.</summary>
internal static class PromiseIds
{
    private static long s_counter;

    public static long Next() => Interlocked.Increment(ref s_counter);
}
