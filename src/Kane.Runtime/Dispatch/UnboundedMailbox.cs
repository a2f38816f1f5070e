namespace Kane.Dispatch;

/// <summary>
/// The default mailbox: an intrusive multi-producer single-consumer queue. A send is one atomic exchange; an idle
/// mailbox holds no queue nodes at all, which keeps idle actors small.
/// </summary>
public sealed class UnboundedMailbox : Mailbox
{
    private Envelope? _head;
    private Envelope? _tail;
    private int _enqueued;
    private int _dequeued;

    // Two counters so that only producers pay for an atomic increment; the single consumer writes plainly. They may
    // wrap around: the difference is still right, as long as fewer than 2^31 messages wait.
    public override int Count => Math.Max(0, unchecked(Volatile.Read(ref _enqueued) - Volatile.Read(ref _dequeued)));

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
        if (e is not null) Volatile.Write(ref _dequeued, unchecked(_dequeued + 1));
        return e;
    }
}
