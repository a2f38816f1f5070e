using Kane.Actor;

namespace Kane.Cluster.Sharding.Internal;

// Messages between a region, its shards, their entities and their remember-entities stores: all local.

/// <summary>A message and the sender it came with; <paramref name="Gate"/> when it holds a unit of that shard gate (fast path).</summary>
internal readonly record struct Buffered(object Message, IActorRef Sender, ShardGate? Gate = null);

/// <summary>Shard → its region after a hand-off: every entity stopped; these messages were not delivered (in order).</summary>
internal sealed record ShardDrained(string Shard, IReadOnlyList<Buffered> Leftovers);

/// <summary>Region → shard: the shard's entity ids.</summary>
internal sealed record GetShardState;

internal sealed record ShardStateReply(string ShardId, string[] EntityIds);

/// <summary>The coordinator's termination message in a singleton hand-over.</summary>
internal sealed record CoordinatorStop
{
    public static readonly CoordinatorStop Instance = new();
}

/// <summary>Remember-entities store → shard, after recovery: the entities to start.</summary>
internal sealed record RememberedEntities(string[] Ids);

internal sealed record RememberStart(string EntityId);

internal sealed record RememberStop(string EntityId);

/// <summary>Shard → store: answer <see cref="StoreFlushed"/> when every earlier write is durable.</summary>
internal sealed record FlushStore
{
    public static readonly FlushStore Instance = new();
}

internal sealed record StoreFlushed
{
    public static readonly StoreFlushed Instance = new();
}

/// <summary>The journaled events of a shard's remember-entities store.</summary>
internal sealed record EntityStarted(string EntityId);

internal sealed record EntityStopped(string EntityId);
