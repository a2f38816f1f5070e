namespace Kane.Remote.Internal;

/// <summary>
/// The receiving half of reliable system-message delivery from one incarnation: accepts exactly the next sequence
/// number, so duplicates and anything after a gap are dropped and come again with the sender's resend.
/// </summary>
internal sealed class SystemMessageInbox
{
    private long _expected = 1;

    /// <summary>The highest sequence number delivered in order; what the cumulative ack carries.</summary>
    public long Cumulative => _expected - 1;

    /// <summary>True when <paramref name="seq"/> is the next one; it counts as delivered.</summary>
    public bool Accept(long seq)
    {
        if (seq != _expected) return false;
        _expected++;
        return true;
    }

    public void Reset() => _expected = 1;
}
