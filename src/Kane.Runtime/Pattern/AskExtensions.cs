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
    public static Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<T>(System(receiver), receiver, r => receiver.Tell(message, r), message, timeout, cancellationToken);

    /// <summary>Untyped <see cref="Ask{T}(IActorRef, object, TimeSpan?, CancellationToken)"/>.</summary>
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<object>(receiver, message, timeout, cancellationToken);

    /// <summary>Asks whatever actor the selection reaches first.</summary>
    public static Task<T> Ask<T>(this ActorSelection selection, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<T>(System(selection.Anchor), selection.Anchor, r => selection.Tell(message, r), message, timeout, cancellationToken);

    private static ActorSystemImpl System(IActorRef receiver) => receiver is InternalActorRef { System: ActorSystemImpl system }
        ? system
        : throw new ArgumentException($"Cannot ask {receiver}: it is not a reference created by an actor system.", nameof(receiver));

    private static async Task<T> Ask<T>(ActorSystemImpl system, IActorRef target, Action<IActorRef> send, object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var promise = new PromiseActorRef(system);
        promise.StartTimeout(timeout ?? system.Settings.AskTimeout, target, message);
        await using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((PromiseActorRef)s!).Cancel(default), promise)
            : default(CancellationTokenRegistration);
        send(promise);
        var reply = await promise.Task.ConfigureAwait(false);
        return reply is T typed
            ? typed
            : throw new InvalidCastException($"Ask of {target.Path} expected a {typeof(T).Name} reply but got {reply.GetType().Name}: {reply}.");
    }
}
