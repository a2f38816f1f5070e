namespace Kane.Dispatch;

/// <summary>
/// The default mailbox: an intrusive multi-producer single-consumer queue. A send is one atomic exchange; an idle
/// mailbox holds no queue nodes at all, which keeps idle actors small.
/// </summary>
public sealed class UnboundedMailbox : Mailbox
{
    private Envelope? _head;
    private Envelope? _tail;
    private long _enqueued;
    private long _dequeued;

    // Two counters so that only producers pay for an atomic increment; the single consumer writes plainly.
    public override int Count => (int)Math.Max(0, Volatile.Read(ref _enqueued) - Volatile.Read(ref _dequeued));

    protected override bool HasQueuedMessages => Volatile.Read(ref _head) is not null || Volatile.Read(ref _tail) is not null;

    private protected override bool TryEnqueue(Envelope envelope)
    {
        Interlocked.Increment(ref _enqueued);
        MpscQueue.Enqueue(ref _head, ref _tail, envelope);
        return true;
    }

    private protected override Envelope? TryDequeue()
    {
        var e = MpscQueue.TryDequeue(ref _head, ref _tail);
        if (e is not null) Volatile.Write(ref _dequeued, _dequeued + 1);
        return e;
    }
}
