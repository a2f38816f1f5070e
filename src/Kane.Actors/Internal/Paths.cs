using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Actors.Internal;

/// <summary>Actor paths in serialization format, as the protocol carries them.</summary>
internal static class Paths
{
    public static string Of(IActorRef actor) => actor.Path.ToSerializationFormat();

    /// <summary>The actor at <paramref name="path"/> (dead letters when it does not parse).</summary>
    public static IActorRef Resolve(ActorSystem system, string path) =>
        ActorPath.TryParse(path, out var parsed) ? ((ActorSystemImpl)system).ResolveActorRef(parsed) : system.DeadLetters;

    /// <summary>host:port of an address: a node's stable name (agents' home).</summary>
    public static string NodeName(Address address) => $"{address.Host}:{address.Port}";
}
