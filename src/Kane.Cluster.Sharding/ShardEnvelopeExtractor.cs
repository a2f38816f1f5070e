namespace Kane.Cluster.Sharding;

/// <summary>
/// The extractor for traffic that is all <see cref="ShardEnvelope"/> (and <see cref="StartEntity"/>): the entity id
/// is the envelope's, the entity receives the payload, and any other message is not for an entity.
/// </summary>
public sealed class ShardEnvelopeExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    /// <summary>The envelope's entity id; null for anything else.</summary>
    public override string? EntityId(object message) => message switch
    {
        ShardEnvelope e => e.EntityId,
        StartEntity s => s.EntityId,
        _ => null,
    };
}
