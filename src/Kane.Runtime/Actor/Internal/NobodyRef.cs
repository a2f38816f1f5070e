using Kane.Actor;

namespace Kane.Actor.Internal;

/// <summary>The reference to no actor; sends are dropped.</summary>
internal sealed class NobodyRef : ActorRefBase
{
    public static readonly NobodyRef Instance = new();

    private static readonly ActorPath NobodyPath = ActorPath.Root(Address.Local("all-systems")) / "Nobody";

    public override ActorPath Path => NobodyPath;

    public override void Tell(object message, IActorRef? sender) { }
}
