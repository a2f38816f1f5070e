using Kane.Actor;

namespace Kane.Actor.Internal;

/// <summary>
/// The runtime's view of a reference: it can carry system messages and knows its parent and system. Later layers
/// (remoting, clustering) add their own kinds.
/// </summary>
public abstract class InternalActorRef : ActorRefBase
{
    /// <summary>The supervisor, or null for refs outside the hierarchy.</summary>
    public abstract InternalActorRef? Parent { get; }

    /// <summary>The system this reference belongs to.</summary>
    public abstract ActorSystem System { get; }

    /// <summary>True for refs to actors in this process.</summary>
    public abstract bool IsLocal { get; }

    /// <summary>True once the actor is known to have stopped.</summary>
    public abstract bool IsTerminated { get; }

    public abstract void SendSystemMessage(SystemMessage message);

    /// <summary>The child with the given name, or null.</summary>
    public virtual InternalActorRef? GetChild(string name) => null;

    public void Stop() => SendSystemMessage(new Terminate());
}
