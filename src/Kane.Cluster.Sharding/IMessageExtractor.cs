namespace Kane.Cluster.Sharding;

/// <summary>
/// Tells sharding which entity a message is for and which shard that entity lives in. It must be deterministic and
/// the same on every node: the shard id of an entity may never depend on anything local (never string.GetHashCode).
/// </summary>
public interface IMessageExtractor
{
    /// <summary>The entity the message is for, or null when the message is not for an entity (it goes to dead letters).</summary>
    string? EntityId(object message);

    /// <summary>What the entity receives (the message itself, or the payload of an envelope).</summary>
    object EntityMessage(object message);

    /// <summary>The shard of the message's entity.</summary>
    string ShardId(object message);

    /// <summary>The shard of <paramref name="entityId"/> (used for remembered entities and <see cref="StartEntity"/>).</summary>
    string ShardId(string entityId);
}

/// <summary>A message for an entity, for extractors that do not look inside messages.</summary>
public sealed record ShardEnvelope(string EntityId, object Message);

/// <summary>Starts the entity (in its shard's home) without sending it a message; the region answers <see cref="StartEntityAck"/>.</summary>
public sealed record StartEntity(string EntityId);

public sealed record StartEntityAck(string EntityId, string ShardId);
