using System.Runtime.CompilerServices;
using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// The ref <see cref="ClusterSharding.Start"/> returns for a hosting region: equal to the region actor's ref (same
/// path and uid) and delegating to it, except that a message for an entity running on this node goes straight to the
/// entity, in the sender's thread, when <see cref="LocalRouting"/> allows it; every other message goes to the region
/// counted on its shard's gate.
/// </summary>
internal sealed class RegionRef(InternalActorRef region, LocalRouting routing) : InternalActorRef
{
    public override ActorPath Path => region.Path;

    public override InternalActorRef? Parent => region.Parent;

    public override ActorSystem System => region.System;

    public override bool IsLocal => true;

    public override bool IsTerminated => region.IsTerminated;

    public override void SendSystemMessage(SystemMessage message) => region.SendSystemMessage(message);

    public override InternalActorRef? GetChild(string name) => region.GetChild(name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? id;
        object? payload;
        if (message is ShardEnvelope envelope && routing.StandardEnvelopes)
        {
            // The extractor would answer these two without looking further; asking it costs two virtual calls.
            id = envelope.EntityId;
            payload = envelope.Message ?? throw new ArgumentException(
                $"The ShardEnvelope for entity '{id}' has no message: an entity cannot be sent null.", nameof(message));
        }
        else
        {
            if (message is StartEntity || (id = EntityIdOrNull(message)) is null)
            {
                region.Tell(message, sender);
                return;
            }
            payload = null;
        }
        if (id is null)
        {
            region.Tell(message, sender); // the region reports an envelope without an id
            return;
        }
        payload ??= EntityMessageOrNull(message);
        if (payload is not null && routing.TryTell(id, payload, sender)) return;
        string shard;
        try
        {
            shard = routing.Extractor.ShardId(message);
        }
        catch (Exception)
        {
            region.Tell(message, sender); // the region reports it
            return;
        }
        var gate = routing.Gate(shard);
        Interlocked.Increment(ref gate.Slow);
        // A shard that lives here gets it without the region's hop, unless earlier ones are still with the region.
        if (LocalRouting.TryTellShard(gate, message, sender)) return;
        Interlocked.Increment(ref gate.ViaRegion);
        region.Tell(new Counted(message, gate) { ViaRegion = true }, sender);
    }

    // The slow path asks again and reports what the extractor throws.
    private object? EntityMessageOrNull(object message)
    {
        try
        {
            return routing.Extractor.EntityMessage(message);
        }
        catch (Exception)
        {
            return null;
        }
    }

    // The region answers its own protocol and queries too; an extractor that throws on those leaves them to it.
    private string? EntityIdOrNull(object message)
    {
        try
        {
            return routing.Extractor.EntityId(message);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
