using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Dispatch;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// What a hosting region shares with its shards and with the ref it hands out (<see cref="RegionRef"/>), so that a
/// sender on this node can tell an entity that is known to be running here directly, in its own thread, instead of
/// through the region and shard actors (docs/decisions/0018-sharding-local-fast-path.md).
/// </summary>
/// <remarks>
/// Two rules keep every sender's messages to an entity in order and lose none. (1) A message that takes the slow
/// path (through the region) holds a unit of its shard gate's <see cref="ShardGate.Slow"/> counter until it is in an
/// entity's mailbox or otherwise settled; the fast path is taken only while that counter is zero. (2) A shard
/// unpublishes an entity (passivation, hand-off) by closing its entry and then waiting for the senders inside the
/// fast path to leave (<see cref="FastPathSenders"/>) before it sends the entity its stop message.
/// </remarks>
internal sealed class LocalRouting(IMessageExtractor extractor, bool trackActivity)
{
    private readonly ConcurrentDictionary<string, ShardGate> _gates = new(StringComparer.Ordinal);
    // Ids map to one shard, so one table serves every shard of the region.
    private readonly EntryTable _entities = new();

    public IMessageExtractor Extractor { get; } = extractor;

    /// <summary>
    /// Whether the extractor takes a <see cref="ShardEnvelope"/> apart the standard way (its id, its message), so that
    /// a sender may read the envelope without asking the extractor.
    /// </summary>
    public bool StandardEnvelopes { get; } = extractor is HashCodeMessageExtractor &&
        extractor.GetType().GetMethod(nameof(HashCodeMessageExtractor.EntityMessage), [typeof(object)])?.DeclaringType == typeof(HashCodeMessageExtractor);

    /// <summary>Whether the fast path stamps <see cref="EntityEntry.LastActivity"/> (idle passivation is on).</summary>
    public bool TrackActivity { get; } = trackActivity;

    /// <summary>The published entry of an entity running here (not passivating, not handing off).</summary>
    public bool TryGetEntry(string entityId, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out EntityEntry entry) =>
        _entities.TryGet(entityId, out entry);

    public bool IsPublished(string entityId) => _entities.TryGet(entityId, out _);

    /// <summary>The gate of a shard id; gates live as long as the region, across incarnations of their shard.</summary>
    public ShardGate Gate(string shardId) =>
        _gates.TryGetValue(shardId, out var gate) ? gate : _gates.GetOrAdd(shardId, static (id, routing) => new ShardGate(id, routing), this);

    /// <summary>Tells the entity directly when the fast path allows it; false when the message must take the slow path.</summary>
    /// <remarks><paramref name="payload"/> is what the entity receives: the extractor's <see cref="IMessageExtractor.EntityMessage"/>.</remarks>
    // Optimized from the first call: it runs on every sender's thread, and waiting for tiering (slow on a busy
    // machine) left it in unoptimized code for whole benchmark runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryTell(string entityId, object payload, IActorRef? sender)
    {
        var slot = FastPathSenders.Current;
        // A tell from inside another fast-path tell (an entity ref that is not a plain local one) takes the slow path:
        // the slot holds one entry.
        if (slot.Entry is not null) return false;
        var entry = Find(slot, entityId);
        if (entry is null) return false;
        // Announce the entry, then look at Closed. The two are ordered for the compiler by the volatile accesses;
        // against the processor's store buffer by the closer's process-wide barrier (FastPathSenders.AwaitClosed).
        Volatile.Write(ref slot.Entry, entry);
        try
        {
            if (Volatile.Read(ref entry.Closed) || Volatile.Read(ref entry.Gate.Slow) != 0) return false;
            if (TrackActivity) entry.LastActivity = Environment.TickCount64;
            // Straight into the mailbox (what the entity's ref does), without loading the ref and its cell.
            if (entry.Mailbox is { } mailbox) mailbox.Tell(payload, sender);
            else entry.Ref.Tell(payload, sender);
            return true;
        }
        finally
        {
            Volatile.Write(ref slot.Entry, null);
        }
    }

    /// <summary>
    /// The published entry for <paramref name="entityId"/>, from the sender's cache when this thread asked with the same
    /// string instance before and the entry it found then is still open; otherwise from the table, remembered for next
    /// time if the string has survived a collection. An open cached entry is the published one: an id has one published entry at a time, and an entry is
    /// closed when it is unpublished and never reopened. Like a table read, the answer may be closed by the time the
    /// caller uses it, which <see cref="TryTell"/> checks after announcing the entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EntityEntry? Find(SenderSlot slot, string entityId)
    {
        ref var set = ref slot.SetOf(entityId, out var victim);
        for (var way = 0; way < SenderSlot.CacheWays; way++)
        {
            ref var item = ref Unsafe.Add(ref set, way);
            if (!ReferenceEquals(item.Id, entityId) || !ReferenceEquals(item.Entry!.Gate.Routing, this)) continue;
            if (!Volatile.Read(ref item.Entry.Closed)) return item.Entry;
            victim = way; // its entity stopped: the new entry, if any, takes its place
            break;
        }
        if (!_entities.TryGet(entityId, out var entry)) return null;
        // A string still in generation 0 was most likely built for this message: keeping it would carry it past its
        // first collection for nothing, and storing it costs the write barriers that a sender reusing its ids saves.
        if (GC.GetGeneration(entityId) != 0) Unsafe.Add(ref set, victim) = new CachedEntry { Id = entityId, Entry = entry };
        return entry;
    }

    /// <summary>
    /// A slow-path message straight to its shard's actor when the region published it (the shard lives here and is not
    /// handing off) and none of this shard's slow-path messages is still in the region's mailbox; false otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryTellShard(ShardGate gate, object message, IActorRef? sender)
    {
        var shard = Volatile.Read(ref gate.Shard);
        if (shard is null) return false;
        Interlocked.Increment(ref gate.DirectInFlight);
        try
        {
            if (!ReferenceEquals(Volatile.Read(ref gate.Shard), shard) || Volatile.Read(ref gate.ViaRegion) != 0) return false;
            shard.Tell(new Counted(message, gate), sender);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref gate.DirectInFlight);
        }
    }

    /// <summary>Region: senders may tell <paramref name="shard"/> directly from now on.</summary>
    public static void PublishShard(ShardGate gate, IActorRef shard) => Volatile.Write(ref gate.Shard, shard);

    /// <summary>
    /// Region, before it hands the shard off or stops routing to it: no sender tells the shard directly once this
    /// returns, and what senders told it directly is in its mailbox.
    /// </summary>
    public static void UnpublishShard(ShardGate gate)
    {
        if (Volatile.Read(ref gate.Shard) is null) return;
        Volatile.Write(ref gate.Shard, null);
        Interlocked.MemoryBarrier();
        var spin = default(SpinWait);
        while (Volatile.Read(ref gate.DirectInFlight) != 0) spin.SpinOnce();
    }

    /// <summary>Publishes a started entity for the fast path.</summary>
    public void Publish(EntityEntry entry) => _entities.Add(entry);

    /// <summary>
    /// Takes an entity off the fast path and returns once no sender is still telling it through the fast path: what
    /// they told is in its mailbox, ahead of anything the shard sends it afterwards.
    /// </summary>
    public void Unpublish(EntityEntry entry)
    {
        Close(entry);
        AwaitSenders();
    }

    /// <summary>The first half of <see cref="Unpublish"/>, for closing many entries before waiting once for all of them.</summary>
    public void Close(EntityEntry entry)
    {
        if (entry.Closed) return;
        _entities.Remove(entry);
        Volatile.Write(ref entry.Closed, true);
    }

    /// <summary>The second half of <see cref="Unpublish"/>: waits for the senders still inside the fast path with any entry closed so far.</summary>
    public static void AwaitSenders() => FastPathSenders.AwaitClosed();

    /// <summary>A slow-path message reached its entity's mailbox, or was settled otherwise (sent to another node, dead-lettered).</summary>
    public static void Settle(ShardGate? gate)
    {
        if (gate is not null) Interlocked.Decrement(ref gate.Slow);
    }
}

/// <summary>One shard id's count of messages on the slow path that are not settled yet, and its local shard actor.</summary>
internal sealed class ShardGate(string shardId, LocalRouting? routing = null)
{
    public readonly string ShardId = shardId;

    /// <summary>The region's routing the gate belongs to (null for a gate made outside one): a sender's cached entry is for this region only if its gate says so.</summary>
    public readonly LocalRouting? Routing = routing;

    /// <summary>Slow-path messages for this shard between their sender and an entity mailbox; the fast path needs 0.</summary>
    public int Slow;

    /// <summary>Slow-path messages sent to the region and not yet routed by it; telling the shard directly needs 0.</summary>
    public int ViaRegion;

    /// <summary>Senders between reading <see cref="Shard"/> and telling it.</summary>
    public int DirectInFlight;

    /// <summary>The shard's actor while the region routes this shard to it (set and cleared by the region only).</summary>
    public IActorRef? Shard;
}

/// <summary>
/// An entity running in a local shard: its ref, its fast-path state and its last activity. The shard also watches the
/// entity with the entry as the termination message, and links its entries in a list to enumerate them.
/// </summary>
/// <remarks>
/// The fields a fast-path tell reads or writes come first and together (the runtime would put every reference first),
/// so that a tell usually finds them in one cache line.
/// </remarks>
[StructLayout(LayoutKind.Explicit)]
internal sealed class EntityEntry
{
    [FieldOffset(0)] public readonly string Id;

    /// <summary>The entity's mailbox (a cell keeps its mailbox for life), for the fast path's tell.</summary>
    [FieldOffset(8)] public readonly Mailbox? Mailbox;

    [FieldOffset(16)] public readonly ShardGate Gate;

    [FieldOffset(24)] public bool Closed;

    [FieldOffset(32)] public readonly IActorRef Ref;

    [FieldOffset(40)] public long LastActivity;

    [FieldOffset(48)] public EntityEntry? Previous;

    [FieldOffset(56)] public EntityEntry? Next;

    public EntityEntry(string id, IActorRef entity, ShardGate gate)
    {
        Id = id;
        Ref = entity;
        Mailbox = (entity as LocalActorRef)?.Cell.Mailbox;
        Gate = gate;
    }
}

/// <summary>Region ref → (region →) shard: a message on the slow path that holds a unit of <paramref name="Gate"/>.</summary>
internal sealed record Counted(object Message, ShardGate Gate)
{
    /// <summary>Sent to the region, holding a unit of <see cref="ShardGate.ViaRegion"/> until the region routed it.</summary>
    public bool ViaRegion { get; init; }
}
