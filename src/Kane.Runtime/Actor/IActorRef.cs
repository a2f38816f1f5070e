namespace Kane.Actor;

/// <summary>
/// An immutable, shareable handle to an actor. Sending never blocks and never throws: a message to a stopped
/// actor goes to dead letters.
/// </summary>
public interface IActorRef : IEquatable<IActorRef>, IComparable<IActorRef>
{
    /// <summary>The actor's path, including its incarnation uid.</summary>
    ActorPath Path { get; }

    /// <summary>Sends a message with an explicit sender (<c>null</c> means no sender).</summary>
    void Tell(object message, IActorRef? sender);
}
