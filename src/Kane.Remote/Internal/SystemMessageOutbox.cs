using Kane.Remote.Internal.Wire;

namespace Kane.Remote.Internal;

/// <summary>
/// The sending half of reliable system-message delivery to one incarnation: numbers each message, keeps it until a
/// cumulative ack covers it, and says which ones are due for resending. Not thread-safe; the association locks.
/// </summary>
internal sealed class SystemMessageOutbox(int capacity)
{
    private readonly Queue<Pending> _unacked = new();
    private long _nextSeq = 1;

    public int Count => _unacked.Count;

    /// <summary>Numbers and keeps <paramref name="envelope"/>; false when the buffer is full.</summary>
    public bool TryAdd(SystemEnvelope envelope, long nowTicks)
    {
        if (_unacked.Count >= capacity) return false;
        envelope.Seq = _nextSeq++;
        _unacked.Enqueue(new Pending(envelope) { LastSentTicks = nowTicks });
        return true;
    }

    /// <summary>Forgets every message up to and including <paramref name="cumulative"/>.</summary>
    public void Ack(long cumulative)
    {
        while (_unacked.TryPeek(out var head) && head.Envelope.Seq <= cumulative) _unacked.Dequeue();
    }

    /// <summary>Every unacked message, oldest first (after a reconnect all of them go again).</summary>
    public IReadOnlyCollection<Pending> All => _unacked;

    /// <summary>Messages last sent at least <paramref name="intervalTicks"/> ago; marks them as sent now.</summary>
    public List<Pending> DueForResend(long nowTicks, long intervalTicks)
    {
        var due = new List<Pending>();
        foreach (var p in _unacked)
        {
            if (nowTicks - p.LastSentTicks < intervalTicks) continue;
            p.LastSentTicks = nowTicks;
            p.Resends++;
            due.Add(p);
        }
        return due;
    }

    /// <summary>Drops everything: the incarnation it was for is gone.</summary>
    public void Reset()
    {
        _unacked.Clear();
        _nextSeq = 1;
    }

    internal sealed class Pending(SystemEnvelope envelope)
    {
        public SystemEnvelope Envelope { get; } = envelope;
        public long LastSentTicks { get; set; }
        public int Resends { get; set; }
    }
}
