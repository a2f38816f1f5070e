namespace Kane.Actor;

/// <summary>Creates actors and looks them up: an actor system (top-level actors) or an actor context (children).</summary>
public interface IActorRefFactory
{
    /// <summary>Starts an actor; a null name gets a generated one (<c>$a</c>, <c>$b</c>, ...).</summary>
    /// <exception cref="InvalidActorNameException">The name is malformed or already in use.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>A selection of actors by path, absolute or relative, with <c>*</c> and <c>?</c> wildcards.</summary>
    ActorSelection ActorSelection(string path);

    /// <summary>Stops the actor asynchronously (after the message it is processing).</summary>
    void Stop(IActorRef actor);
}
