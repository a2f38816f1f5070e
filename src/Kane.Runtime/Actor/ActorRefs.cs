using Kane.Actor.Internal;

namespace Kane.Actor;

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>The "no sender" value for <see cref="IActorRef.Tell"/>; replies to it go to dead letters.</summary>
    public static readonly IActorRef? NoSender;

    /// <summary>A reference that points at no actor; everything sent to it is dropped silently.</summary>
    public static readonly IActorRef Nobody = NobodyRef.Instance;
}
