namespace Kane.Dispatch;

/// <summary>
/// A bounded priority mailbox: lower priority values are processed first, and messages of equal priority keep their
/// send order (it is stable). Messages beyond the capacity go to dead letters.
/// </summary>
public sealed class StablePriorityMailbox(Func<object, int> priority, int capacity) : Mailbox
{
    private readonly PriorityQueue<Envelope, (int Priority, long Sequence)> _queue = new();
    private long _sequence;
    private int _count;

    public override int Count => Volatile.Read(ref _count);

    protected override bool HasQueuedMessages => Volatile.Read(ref _count) > 0;

    private protected override bool TryEnqueue(Envelope envelope)
    {
        var p = priority(envelope.Message);
        lock (_queue)
        {
            if (_queue.Count >= capacity) return false;
            _queue.Enqueue(envelope, (p, _sequence++));
            Volatile.Write(ref _count, _queue.Count);
        }
        return true;
    }

    private protected override Envelope? TryDequeue()
    {
        lock (_queue)
        {
            if (!_queue.TryDequeue(out var e, out _)) return null;
            Volatile.Write(ref _count, _queue.Count);
            return e;
        }
    }
}
