using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Pattern;

/// <summary>Request/response with actors: send a message and await the first reply.</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and returns its first reply. A
    /// <see cref="Status.Failure"/> reply faults the task with its cause.
    /// </summary>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/> (default <c>kane.actor.ask-timeout</c>).</exception>
    /// <exception cref="InvalidCastException">The reply is not a <typeparamref name="T"/>.</exception>
    public static Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var promise = PromiseActorRef<T>.Start(System(receiver), receiver, message, timeout, cancellationToken);
        // A send that throws (a null message) faults the task, as it did when this was an async method.
        try
        {
            receiver.Tell(message, promise);
        }
        catch (Exception e)
        {
            promise.Fail(e);
        }
        return promise.Task;
    }

    /// <summary>Untyped <see cref="Ask{T}(IActorRef, object, TimeSpan?, CancellationToken)"/>.</summary>
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<object>(receiver, message, timeout, cancellationToken);

    /// <summary>Asks whatever actor the selection reaches first.</summary>
    public static Task<T> Ask<T>(this ActorSelection selection, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var promise = PromiseActorRef<T>.Start(System(selection.Anchor), selection.Anchor, message, timeout, cancellationToken);
        try
        {
            selection.Tell(message, promise);
        }
        catch (Exception e)
        {
            promise.Fail(e);
        }
        return promise.Task;
    }

    private static ActorSystemImpl System(IActorRef receiver) => receiver is InternalActorRef { System: ActorSystemImpl system }
        ? system
        : throw new ArgumentException($"Cannot ask {receiver}: it is not a reference created by an actor system.", nameof(receiver));
}
