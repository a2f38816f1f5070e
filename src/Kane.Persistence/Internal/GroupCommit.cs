namespace Kane.Persistence.Internal;

/// <summary>
/// When the journal flushes its queue (decision 0011). A completed write acknowledged some requests; their actors are
/// likely to write again at once, so until they are back (or <c>journal.group-commit-linger</c> of real time has passed
/// since the completion) the queue is held, and groups that would leapfrog (10 rows, then 990, then 10...) merge into
/// one commit. A lone writer is back with the whole group at once and never waits. Pure: the caller passes the time.
/// </summary>
internal sealed class GroupCommit(TimeSpan linger, long ticksPerSecond)
{
    private readonly long _lingerTicks = (long)(linger.TotalSeconds * ticksPerSecond);
    private int _expected;
    private long _deadline = long.MinValue;

    /// <summary>A write completed at <paramref name="now"/>, acknowledging <paramref name="acked"/> requests while
    /// <paramref name="queued"/> more waited: the next group is expected to hold about all of them.</summary>
    public void Completed(int acked, int queued, long now)
    {
        _expected = acked + queued;
        _deadline = now + _lingerTicks;
    }

    /// <summary>Whether to write now what is queued; <paramref name="full"/> when the queue already fills a batch.</summary>
    public bool ShouldFlush(int queued, bool full, long now) =>
        queued > 0 && (full || _lingerTicks <= 0 || queued >= _expected || now >= _deadline);

    /// <summary>Real time left before a held queue must be written.</summary>
    public TimeSpan Remaining(long now) => TimeSpan.FromSeconds(Math.Max(0, _deadline - now) / (double)ticksPerSecond);
}
