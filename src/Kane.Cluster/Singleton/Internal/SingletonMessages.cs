using System.Text.Json.Serialization;
using Kane.Remote.Serialization;

namespace Kane.Cluster.Singleton.Internal;

// What singleton managers and proxies tell each other across nodes, JSON under explicit tags.

/// <summary>New oldest → previous oldest, every hand-over-retry-interval: give me the singleton.</summary>
internal sealed record HandOverToMe;

/// <summary>Previous oldest → new oldest: the singleton is being stopped.</summary>
internal sealed record HandOverInProgress;

/// <summary>Previous oldest → new oldest: the singleton has stopped (or never ran here); start yours.</summary>
internal sealed record HandOverDone;

/// <summary>Previous oldest → the member it sees as the new oldest, every hand-over-retry-interval: ask me for it.</summary>
internal sealed record TakeOverFromMe;

/// <summary>Proxy → the manager on the oldest member: where is the singleton? Answered with an ActorIdentity once it runs.</summary>
internal sealed record SingletonQuery;

/// <summary>Manager → every proxy it answered: stop sending to the singleton, it is about to stop; acknowledge.</summary>
internal sealed record SingletonStopping;

/// <summary>Proxy → manager: nothing more will be sent to the stopping singleton.</summary>
internal sealed record SingletonStoppingAck;

[JsonSerializable(typeof(HandOverToMe))]
[JsonSerializable(typeof(HandOverInProgress))]
[JsonSerializable(typeof(HandOverDone))]
[JsonSerializable(typeof(TakeOverFromMe))]
[JsonSerializable(typeof(SingletonQuery))]
[JsonSerializable(typeof(SingletonStopping))]
[JsonSerializable(typeof(SingletonStoppingAck))]
internal sealed partial class SingletonJsonContext : JsonSerializerContext;

internal static class SingletonWire
{
    /// <summary>The correlation id of the ActorIdentity a manager answers a proxy with.</summary>
    public const string IdentityId = "kane.singleton";

    /// <summary>Registers the tags (idempotent: the same tag for the same type is accepted again).</summary>
    public static void Register(SerializationRegistry registry)
    {
        var c = SingletonJsonContext.Default;
        registry.AddJson("kane.singleton.hand-over-to-me", c.HandOverToMe)
            .AddJson("kane.singleton.hand-over-in-progress", c.HandOverInProgress)
            .AddJson("kane.singleton.hand-over-done", c.HandOverDone)
            .AddJson("kane.singleton.take-over-from-me", c.TakeOverFromMe)
            .AddJson("kane.singleton.query", c.SingletonQuery)
            .AddJson("kane.singleton.stopping", c.SingletonStopping)
            .AddJson("kane.singleton.stopping-ack", c.SingletonStoppingAck);
    }
}
