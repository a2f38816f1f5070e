namespace Kane.Actor.Internal;

/// <summary>The pseudo-parent of the root guardian: it sees the root fail or stop and ends the system.</summary>
internal sealed class RootParentRef(ActorSystemImpl system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override InternalActorRef? Parent => null;

    public override ActorSystem System => system;

    public override bool IsLocal => true;

    public override bool IsTerminated => system.WhenTerminated.IsCompleted;

    public override void Tell(object message, IActorRef? sender) { }

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Failed failed:
                system.Logging.LogGuardianFailure(failed.Cause);
                system.RootGuardian.Stop();
                break;
            case DeathWatchNotification:
                system.OnRootTerminated();
                break;
        }
    }
}
