using Kane.Actor;

namespace Kane.Actor.Internal;

/// <summary>
/// Messages of the runtime itself: they bypass the user queue, are processed before any user message, and are still
/// processed while an actor is suspended. <see cref="Next"/> links them in the mailbox's lock-free stack.
/// </summary>
public abstract class SystemMessage
{
    internal SystemMessage? Next;
}

/// <summary>Creates the actor instance and runs PreStart; the first message every new cell gets.</summary>
public sealed class Create : SystemMessage;

/// <summary>Restarts the actor after a failure (from its supervisor).</summary>
public sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>Stops user-message processing (nestable); system messages still flow.</summary>
public sealed class Suspend : SystemMessage;

/// <summary>Undoes one <see cref="Suspend"/>; with a cause, resumes an actor that failed.</summary>
public sealed class Resume(Exception? causedByFailure) : SystemMessage
{
    public Exception? CausedByFailure { get; } = causedByFailure;
}

/// <summary>Stops the actor: its children first, then PostStop, then watchers are told.</summary>
public sealed class Terminate : SystemMessage;

/// <summary>Registers <see cref="Watcher"/> for a <see cref="Terminated"/> when <see cref="Watchee"/> stops.</summary>
public sealed class Watch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;
    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>Removes a registration made by <see cref="Watch"/>.</summary>
public sealed class Unwatch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;
    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>Tells a watcher (or the parent) that an actor has stopped.</summary>
public sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed, bool addressTerminated) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
    public bool ExistenceConfirmed { get; } = existenceConfirmed;
    public bool AddressTerminated { get; } = addressTerminated;
}

/// <summary>A child reports a failure to its supervisor.</summary>
public sealed class Failed(IActorRef child, Exception cause, int uid) : SystemMessage
{
    public IActorRef Child { get; } = child;
    public Exception Cause { get; } = cause;
    public int Uid { get; } = uid;
}

/// <summary>Runs an async continuation of a <c>ReceiveAsync</c> handler inside the actor.</summary>
internal sealed class AsyncContinuation(SendOrPostCallback callback, object? state) : SystemMessage
{
    public SendOrPostCallback Callback { get; } = callback;
    public object? State { get; } = state;
}

/// <summary>The task of a <c>ReceiveAsync</c> handler finished: resume the mailbox or fail.</summary>
internal sealed class AsyncCompleted(Task task) : SystemMessage
{
    public Task Task { get; } = task;
}
