namespace Kane.Actor;

/// <summary>An actor with one handler for every message; call <see cref="ActorBase.Unhandled"/> for what it ignores.</summary>
public abstract class UntypedActor : ActorBase
{
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);
}
