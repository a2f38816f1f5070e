using Kane.Actor;

namespace Kane.Routing;

/// <summary>Sent to a router: delivers <see cref="Message"/> to every routee, whatever the routing logic.</summary>
public sealed record Broadcast(object Message);

/// <summary>Ask a router for its routees; answered with <see cref="Routees"/>.</summary>
public sealed class GetRoutees
{
    public static readonly GetRoutees Instance = new();
    private GetRoutees() { }
}

/// <summary>A router's current routees.</summary>
public sealed record Routees(IReadOnlyList<IActorRef> Members);

/// <summary>A message that names the key a consistent-hashing router routes it by.</summary>
public interface IConsistentHashable
{
    object ConsistentHashKey { get; }
}

/// <summary>Wraps a message with the key to route it by; the routee receives the inner message.</summary>
public sealed record ConsistentHashableEnvelope(object Message, object HashKey) : IConsistentHashable
{
    public object ConsistentHashKey => HashKey;
}
