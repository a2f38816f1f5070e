namespace Kane.Actor.Internal;

/// <summary>Restart bookkeeping of one child, kept by its supervisor (touched on the supervisor's thread only).</summary>
internal sealed class ChildRestartStats
{
    private int _retries;
    private DateTimeOffset? _windowStart;

    /// <summary>Counts one more restart and says whether it is still within the limit.</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan within, DateTimeOffset now)
    {
        if (maxNrOfRetries == 0) return false;
        var windowed = within != Timeout.InfiniteTimeSpan && within > TimeSpan.Zero;
        if (!windowed) return maxNrOfRetries < 0 || ++_retries <= maxNrOfRetries;
        if (maxNrOfRetries < 0) return true;
        if (_windowStart is { } start && now - start <= within) return ++_retries <= maxNrOfRetries;
        _windowStart = now;
        _retries = 1;
        return true;
    }
}
