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
        if (message is StartEntity || EntityIdOrNull(message) is not { } id)
        {
            region.Tell(message, sender);
            return;
        }
        if (routing.TryTell(id, message, sender)) return;
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
