namespace Kane.Cluster.FailureDetection;

/// <summary>
/// Phi accrual failure detection: phi = -log10(1 - CDF(time since the last heartbeat)) under a normal
/// distribution fitted to the recent inter-arrival times (mean raised by the acceptable pause, deviation at least
/// the configured minimum). The node is considered available while phi stays below the threshold. Not thread-safe;
/// callers serialize access.
/// </summary>
internal sealed class PhiAccrualFailureDetector(double threshold, int maxSampleSize, TimeSpan minStdDeviation, TimeSpan acceptableHeartbeatPause,
    TimeSpan firstHeartbeatEstimate, Func<long> clockMs)
{
    private readonly double _minStdMs = minStdDeviation.TotalMilliseconds;
    private readonly double _pauseMs = acceptableHeartbeatPause.TotalMilliseconds;
    private readonly Queue<double> _intervals = new();
    private double _sum;
    private double _sumSquares;
    private long? _last;

    public bool IsMonitoring => _last is not null;

    /// <summary>Records a heartbeat arrival now.</summary>
    public void Heartbeat()
    {
        var now = clockMs();
        if (_last is null)
        {
            // Seed the history with two samples around the first estimate so phi is defined from the start.
            var mean = firstHeartbeatEstimate.TotalMilliseconds;
            Add(mean - mean / 4);
            Add(mean + mean / 4);
        }
        else
        {
            var interval = now - _last.Value;
            // A gap long enough to have made this node unavailable is an outage, not a sample of normal jitter.
            if (IsAvailableAt(now)) Add(interval);
        }
        _last = now;
    }

    public bool IsAvailable => IsAvailableAt(clockMs());

    private bool IsAvailableAt(long now) => Phi(now) < threshold;

    public double CurrentPhi => Phi(clockMs());

    /// <summary>Mean, standard deviation and count of the inter-arrival history (diagnostics).</summary>
    public (double MeanMs, double StdMs, int Samples) History
    {
        get
        {
            var n = _intervals.Count;
            if (n == 0) return (0, 0, 0);
            var mean = _sum / n;
            return (mean, Math.Sqrt(Math.Max(0, _sumSquares / n - mean * mean)), n);
        }
    }

    private double Phi(long now)
    {
        if (_last is null) return 0.0;
        var elapsed = now - _last.Value;
        var n = _intervals.Count;
        var mean = _sum / n;
        var variance = Math.Max(0, _sumSquares / n - mean * mean);
        var std = Math.Max(Math.Sqrt(variance), _minStdMs);
        return PhiOf(elapsed, mean + _pauseMs, std);
    }

    /// <summary>-log10 of the probability that a heartbeat is still to come, with a logistic approximation of the normal CDF.</summary>
    internal static double PhiOf(double elapsedMs, double meanMs, double stdMs)
    {
        var y = (elapsedMs - meanMs) / stdMs;
        var e = Math.Exp(-y * (1.5976 + 0.070566 * y * y));
        return elapsedMs > meanMs ? -Math.Log10(e / (1.0 + e)) : -Math.Log10(1.0 - 1.0 / (1.0 + e));
    }

    private void Add(double interval)
    {
        if (_intervals.Count >= maxSampleSize)
        {
            var old = _intervals.Dequeue();
            _sum -= old;
            _sumSquares -= old * old;
        }
        _intervals.Enqueue(interval);
        _sum += interval;
        _sumSquares += interval * interval;
    }
}
