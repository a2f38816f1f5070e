namespace Kane.Dispatch;

/// <summary>
/// Operations of a node-based multi-producer single-consumer queue without a stub node. Producers swap the tail and
/// then link the previous tail; the consumer treats a half-linked push as "not there yet" (the producer schedules the
/// mailbox after linking, so nothing is missed) or, when it must unlink the last node, waits the few instructions
/// until the producer's link appears.
/// </summary>
internal static class MpscQueue
{
    public static void Enqueue(ref Envelope? head, ref Envelope? tail, Envelope node)
    {
        var previous = Interlocked.Exchange(ref tail, node);
        if (previous is null) Volatile.Write(ref head, node);
        else Volatile.Write(ref previous.Next, node);
    }

    public static Envelope? TryDequeue(ref Envelope? head, ref Envelope? tail)
    {
        var first = Volatile.Read(ref head);
        if (first is null) return null;
        var next = Volatile.Read(ref first.Next);
        if (next is not null)
        {
            Volatile.Write(ref head, next);
            first.Next = null;
            return first;
        }
        Volatile.Write(ref head, null);
        if (Interlocked.CompareExchange(ref tail, null, first) == first) return first;
        // A producer swapped the tail after `first` and is about to link it: wait for the link.
        var spin = new SpinWait();
        while ((next = Volatile.Read(ref first.Next)) is null) spin.SpinOnce(-1);
        Volatile.Write(ref head, next);
        first.Next = null;
        return first;
    }
}
