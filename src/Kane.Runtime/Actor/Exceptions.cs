namespace Kane.Actor;

/// <summary>Thrown inside an actor by <see cref="Kill"/>; the default supervisor strategy stops such an actor.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>
/// Thrown when an actor receives <see cref="Terminated"/> for an actor it watches and does not handle it. The default
/// supervisor strategy stops the watcher, so watching without handling means "die together".
/// </summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Watched actor {deadActor} terminated and its Terminated message was not handled.")
{
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>An actor's constructor or <c>PreStart</c> failed; the default strategy stops it.</summary>
public sealed class ActorInitializationException(IActorRef? actor, string message, Exception? cause)
    : Exception(message, cause)
{
    public IActorRef? Actor { get; } = actor;
}

/// <summary>A name given to <c>ActorOf</c> is invalid or already taken.</summary>
public sealed class InvalidActorNameException(string message) : Exception(message);

/// <summary>An ask did not receive a reply within its timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>The actor system is shutting down or has terminated and cannot create the actor.</summary>
public sealed class IllegalStateException(string message) : InvalidOperationException(message);
