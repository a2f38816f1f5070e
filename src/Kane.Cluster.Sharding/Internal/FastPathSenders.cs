using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// Which entity each thread is telling through the fast path right now (<see cref="LocalRouting.TryTell"/>): one
/// published slot per thread, written with plain stores by its thread and read by a shard that closes entries. It
/// replaces a per-entry counter that every tell incremented and decremented with interlocked operations (two full
/// fences per message); the fence a sender no longer pays is paid once per close, process-wide, by the closer
/// (<see cref="AwaitClosed"/>), which happens once per passivation or hand-off instead of once per message
/// (docs/decisions/0033-fast-path-hazard-slots.md).
/// </summary>
internal static class FastPathSenders
{
    [ThreadStatic] private static SenderSlot? t_slot;

    private static readonly Lock s_registry = new();
    // Copy on write: closers read a snapshot without the lock.
    private static SenderSlot[] s_slots = [];

    /// <summary>The calling thread's slot, registered on its first fast-path tell.</summary>
    public static SenderSlot Current => t_slot ?? Register();

    /// <summary>Slots registered (threads that told through the fast path and are alive, plus at most a few dead ones).</summary>
    internal static int Registered => Volatile.Read(ref s_slots).Length;

    private static SenderSlot Register()
    {
        var slot = new SenderSlot(Thread.CurrentThread);
        lock (s_registry)
        {
            // Threads come and go (the .NET pool retires idle ones): a dead thread's slot is dropped when another
            // registers, so the registry stays about as large as the set of live senders. A dead thread's slot is
            // always empty: the tell that set it cleared it in a finally block.
            var live = s_slots.Where(s => s.Owner.IsAlive).ToList();
            live.Add(slot);
            Volatile.Write(ref s_slots, [.. live]);
        }
        t_slot = slot;
        return slot;
    }

    /// <summary>
    /// Returns once no thread is still inside the fast path with an entry that was closed before this call: what those
    /// senders told is in the entities' mailboxes. The process-wide barrier makes every sender's slot store visible
    /// here and this thread's earlier <see cref="EntityEntry.Closed"/> stores visible to every sender, the fence that
    /// senders skip; then each slot holding a closed entry is waited on until it changes (its sender left; a sender
    /// that comes back to that entry finds it closed).
    /// </summary>
    public static void AwaitClosed()
    {
        Interlocked.MemoryBarrierProcessWide();
        foreach (var slot in Volatile.Read(ref s_slots))
        {
            var entry = Volatile.Read(ref slot.Entry);
            if (entry is null || !Volatile.Read(ref entry.Closed)) continue;
            var spin = default(SpinWait);
            while (ReferenceEquals(Volatile.Read(ref slot.Entry), entry)) spin.SpinOnce();
        }
    }
}

/// <summary>
/// One thread's fast-path slot: the entry it is telling, or null, and the thread's cache of entries by id string.
/// Padded so that two threads' slots never share a cache line.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 136)]
internal sealed class SenderSlot(Thread owner)
{
    /// <summary>Entries a set of the cache holds; a lookup compares this many references within about one cache line.</summary>
    public const int CacheWays = 4;

    private const int SetBits = 9;

    /// <summary>Sets of the cache: 2,048 entries in all, 32 KiB per sending thread.</summary>
    public const int CacheSets = 1 << SetBits;

    [FieldOffset(0)] public readonly Thread Owner = owner;

    [FieldOffset(64)] public EntityEntry? Entry;

    /// <summary>
    /// Entries this thread found, keyed by the very string instance it asked with (docs/decisions/0036-sender-entry-cache.md).
    /// Read and written by the owning thread only.
    /// </summary>
    [FieldOffset(72)] public readonly CachedEntry[] Cache = new CachedEntry[CacheSets * CacheWays];

    /// <summary>
    /// The first way of the set an id string instance maps to: its address, scrambled. The garbage collector may move
    /// the string afterwards; a later lookup then lands in another set and misses, which costs one table lookup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref CachedEntry SetOf(string id, out int victim)
    {
        var scrambled = (ulong)Unsafe.As<string, nint>(ref id) * 0x9E3779B97F4A7C15UL;
        // The way a new entry for this string replaces: other bits of the same product, so ids sharing a set spread over its ways.
        victim = (int)(scrambled >> (64 - SetBits - 2)) & (CacheWays - 1);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Cache), (int)(scrambled >> (64 - SetBits)) * CacheWays);
    }
}

/// <summary>An entry a sender found and the id string instance it asked with.</summary>
internal struct CachedEntry
{
    public string? Id;
    public EntityEntry? Entry;
}
