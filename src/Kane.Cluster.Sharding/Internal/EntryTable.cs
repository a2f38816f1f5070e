namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// The published entities of a region by id: open addressing over an array of (hash, entry) slots, read without locks
/// by any sender, written under a lock per stripe by the shards. Growing copies one array; a node-based concurrent map
/// re-allocated every node on each resize, and at a million entities that garbage (already promoted) doubled the
/// activation time. A reader may miss an entry being added or see one being removed: the fast path then takes the
/// slow path, or meets the entry's Closed flag (docs/decisions/0018-sharding-local-fast-path.md).
/// </summary>
/// <remarks>
/// The slot keeps the id's hash next to the entry, so a probe past other ids and a rebuild read only the slot array:
/// comparing ids through the entries cost a cache miss per probed slot (two: entry and id) once the table outgrew the
/// caches, on every activation's lookups.
/// </remarks>
internal sealed class EntryTable
{
    private const int StripeCount = 64;
    private static readonly EntityEntry Removed = new(string.Empty, Kane.Actor.ActorRefs.Nobody, new ShardGate(string.Empty));
    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Stripe())];
    // Each stripe's slot array, where a reader finds it with one load (through the stripe it took two).
    private readonly Slot[][] _slots = [.. Enumerable.Range(0, StripeCount).Select(_ => new Slot[16])];

    // Optimized from the first call, like its caller on the fast path (LocalRouting.TryTell): tiering left it in
    // unoptimized and instrumented code for the first seconds of a run (1.5% of a throughput profile as QuickJitted).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out EntityEntry entry)
    {
        var hash = id.GetHashCode(); // StringComparer.Ordinal's hash, without the virtual call
        var slots = Volatile.Read(ref _slots[hash & (StripeCount - 1)]);
        var mask = slots.Length - 1;
        for (var i = (hash >>> 6) & mask; ; i = (i + 1) & mask)
        {
            // Entry first (published last by the writer), then the hash written before it.
            var e = Volatile.Read(ref slots[i].Entry);
            if (e is null) break;
            if (slots[i].Hash == hash && !ReferenceEquals(e, Removed) && string.Equals(e.Id, id, StringComparison.Ordinal))
            {
                entry = e;
                return true;
            }
        }
        entry = null;
        return false;
    }

    /// <summary>Adds the entry (its id must not be present).</summary>
    public void Add(EntityEntry entry)
    {
        var hash = entry.Id.GetHashCode();
        var index = hash & (StripeCount - 1);
        var stripe = _stripes[index];
        lock (stripe)
        {
            // At most half the slots used (live or removed), so every probe ends at an empty slot and stays short.
            if ((stripe.Used + 1) * 2 > _slots[index].Length) Rebuild(index);
            Insert(_slots[index], entry, hash);
            stripe.Used++;
            stripe.Live++;
        }
    }

    /// <summary>Removes this very entry if present.</summary>
    public void Remove(EntityEntry entry)
    {
        var hash = entry.Id.GetHashCode();
        var index = hash & (StripeCount - 1);
        var stripe = _stripes[index];
        lock (stripe)
        {
            var slots = _slots[index];
            var mask = slots.Length - 1;
            for (var i = (hash >>> 6) & mask; slots[i].Entry is { } e; i = (i + 1) & mask)
            {
                if (!ReferenceEquals(e, entry)) continue;
                Volatile.Write(ref slots[i].Entry, Removed);
                stripe.Live--;
                return;
            }
        }
    }

    private static void Insert(Slot[] slots, EntityEntry entry, int hash)
    {
        var mask = slots.Length - 1;
        var i = (hash >>> 6) & mask;
        while (slots[i].Entry is not null) i = (i + 1) & mask;
        slots[i].Hash = hash;
        Volatile.Write(ref slots[i].Entry, entry);
    }

    private struct Slot
    {
        public int Hash;
        public EntityEntry? Entry;
    }

    /// <summary>A new array for a stripe (twice the live entries' need, at least as large) without removed slots; readers of the old one still find what it had.</summary>
    private void Rebuild(int index)
    {
        var stripe = _stripes[index];
        var slots = _slots[index];
        var size = slots.Length;
        while ((stripe.Live + 1) * 4 > size) size *= 2;
        var next = new Slot[size];
        foreach (var slot in slots)
            if (slot.Entry is { } e && !ReferenceEquals(e, Removed)) Insert(next, e, slot.Hash);
        stripe.Used = stripe.Live;
        Volatile.Write(ref _slots[index], next);
    }

    /// <summary>A stripe's lock and counts (its slots are in <see cref="_slots"/>).</summary>
    private sealed class Stripe
    {
        public int Used;
        public int Live;
    }
}
