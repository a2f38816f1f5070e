using System.Globalization;
using Kane.Cluster.Sharding.Internal;

namespace Kane.Cluster.Sharding;

/// <summary>
/// An extractor that places an entity by hashing its id: shard = |MurmurHash3(UTF-8 of the entity id)| mod
/// <see cref="MaxNumberOfShards"/>, as a decimal string. Subclasses say only which entity a message is for;
/// <see cref="ShardEnvelope"/> and <see cref="StartEntity"/> are understood without help.
/// </summary>
/// <remarks>
/// <para>
/// Choose <see cref="MaxNumberOfShards"/> at about ten times the largest number of nodes the cluster will have: far
/// fewer shards than that and rebalancing cannot even out the load (a shard is the unit that moves); far more and
/// the coordinator tracks many tiny shards for nothing.
/// </para>
/// <para>
/// The count is part of the data's identity: every node must use the same count, and changing it while entities
/// exist (or are remembered) moves almost every entity to another shard. Change it only with a full cluster restart
/// and no remembered entities.
/// </para>
/// </remarks>
public abstract class HashCodeMessageExtractor : IMessageExtractor
{
    // Shard ids are decimal strings made on every message; for the usual counts they are made once.
    private const int CachedIdLimit = 4096;
    private readonly string[]? _ids;

    /// <param name="maxNumberOfShards">How many shards the entities are spread over (at least 1; ≈ 10 × the maximum node count).</param>
    protected HashCodeMessageExtractor(int maxNumberOfShards)
    {
        if (maxNumberOfShards < 1)
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfShards), maxNumberOfShards,
                $"maxNumberOfShards must be at least 1 (got {maxNumberOfShards}); use about ten times the largest number of nodes the cluster will have, the same on every node.");
        MaxNumberOfShards = maxNumberOfShards;
        if (maxNumberOfShards <= CachedIdLimit)
            _ids = [.. Enumerable.Range(0, maxNumberOfShards).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>How many shards the entities are spread over; shard ids are "0" to "<c>MaxNumberOfShards - 1</c>".</summary>
    public int MaxNumberOfShards { get; }

    /// <summary>
    /// The entity <paramref name="message"/> is for, or null when it is not for an entity. Sharding calls this only
    /// for messages that are neither <see cref="ShardEnvelope"/> nor <see cref="StartEntity"/> (those are handled
    /// before it), so an implementation needs to know only the application's own messages.
    /// </summary>
    public abstract string? EntityId(object message);

    string? IMessageExtractor.EntityId(object message) => message switch
    {
        ShardEnvelope e => e.EntityId,
        StartEntity s => s.EntityId,
        _ => EntityId(message),
    };

    /// <summary>What the entity receives: the payload of a <see cref="ShardEnvelope"/>, otherwise the message itself.</summary>
    public virtual object EntityMessage(object message) => message is ShardEnvelope e ? e.Message : message;

    /// <summary>The shard of the message's entity.</summary>
    /// <exception cref="ArgumentException">The message is not for an entity (its entity id is null).</exception>
    public string ShardId(object message)
    {
        var entityId = ((IMessageExtractor)this).EntityId(message)
            ?? throw new ArgumentException($"{message.GetType().Name} is not for an entity ({GetType().Name}.EntityId returned null), so it has no shard.", nameof(message));
        return ShardId(entityId);
    }

    /// <summary>The shard of <paramref name="entityId"/>: |MurmurHash3 x86 32 of its UTF-8 bytes, seed 0| mod <see cref="MaxNumberOfShards"/>.</summary>
    public string ShardId(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        var shard = ShardNumber(entityId, MaxNumberOfShards);
        return _ids is null ? shard.ToString(CultureInfo.InvariantCulture) : _ids[shard];
    }

    /// <summary>The shard number of <paramref name="entityId"/> among <paramref name="maxNumberOfShards"/>.</summary>
    internal static int ShardNumber(string entityId, int maxNumberOfShards)
    {
        // The hash read as a signed int, made absolute in 64 bits: |int.MinValue| does not fit in an int.
        var signed = (int)MurmurHash3.Hash(entityId);
        return (int)(Math.Abs((long)signed) % maxNumberOfShards);
    }
}
