using Kane.Actor.Internal;

namespace Kane.Actor;

/// <summary>Sending with the implicit sender: inside an actor the sender is the actor itself, elsewhere no sender.</summary>
public static class ActorRefExtensions
{
    /// <summary>Sends <paramref name="message"/>; when called from inside an actor, that actor is the sender.</summary>
    public static void Tell(this IActorRef receiver, object message) => receiver.Tell(message, ActorCell.CurrentSelf);

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message being processed.</summary>
    /// <exception cref="InvalidOperationException">Called outside an actor's message handler.</exception>
    public static void Forward(this IActorRef receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward can only be used inside an actor's message handler; use Tell(message, sender) elsewhere.");
        receiver.Tell(message, cell.Sender);
    }

    /// <summary>True for null, <see cref="ActorRefs.Nobody"/>.</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null or NobodyRef;
}
