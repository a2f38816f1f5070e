namespace Kane.Dispatch;

/// <summary>
/// A mailbox with a capacity. When full, <see cref="MailboxOverflow.DeadLetter"/> dead-letters the new message at
/// once; <see cref="MailboxOverflow.BackPressure"/> blocks the sender up to the push timeout first.
/// </summary>
public sealed class BoundedMailbox : Mailbox
{
    private readonly int _capacity;
    private readonly MailboxOverflow _overflow;
    private readonly TimeSpan _pushTimeout;
    private readonly SemaphoreSlim? _space;
    private Envelope? _head;
    private Envelope? _tail;
    private int _count;

    public BoundedMailbox(int capacity, MailboxOverflow overflow, TimeSpan pushTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _overflow = overflow;
        _pushTimeout = pushTimeout;
        if (overflow == MailboxOverflow.BackPressure) _space = new SemaphoreSlim(capacity, capacity);
    }

    public int Capacity => _capacity;

    public override int Count => Volatile.Read(ref _count);

    protected override bool HasQueuedMessages => Volatile.Read(ref _head) is not null || Volatile.Read(ref _tail) is not null;

    private protected override bool TryEnqueue(Envelope envelope)
    {
        if (_space is not null)
        {
            if (!_space.Wait(_pushTimeout)) return false;
            Interlocked.Increment(ref _count);
        }
        else if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        MpscQueue.Enqueue(ref _head, ref _tail, envelope);
        return true;
    }

    private protected override Envelope? TryDequeue()
    {
        var e = MpscQueue.TryDequeue(ref _head, ref _tail);
        if (e is null) return null;
        Interlocked.Decrement(ref _count);
        _space?.Release();
        return e;
    }
}
