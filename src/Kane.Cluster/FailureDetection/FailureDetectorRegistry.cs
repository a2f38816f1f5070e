namespace Kane.Cluster.FailureDetection;

/// <summary>One phi accrual detector per monitored incarnation; thread-safe.</summary>
internal sealed class FailureDetectorRegistry(Func<PhiAccrualFailureDetector> create)
{
    private readonly object _lock = new();
    private readonly Dictionary<UniqueAddress, PhiAccrualFailureDetector> _detectors = new();

    public void Heartbeat(UniqueAddress node)
    {
        lock (_lock)
        {
            if (!_detectors.TryGetValue(node, out var d)) _detectors[node] = d = create();
            d.Heartbeat();
        }
    }

    /// <summary>True for a node never heard from (not yet monitored): only silence after a first heartbeat counts.</summary>
    public bool IsAvailable(UniqueAddress node)
    {
        lock (_lock) return !_detectors.TryGetValue(node, out var d) || d.IsAvailable;
    }

    public bool IsMonitoring(UniqueAddress node)
    {
        lock (_lock) return _detectors.TryGetValue(node, out var d) && d.IsMonitoring;
    }

    public double Phi(UniqueAddress node)
    {
        lock (_lock) return _detectors.TryGetValue(node, out var d) ? d.CurrentPhi : 0.0;
    }

    public (double MeanMs, double StdMs, int Samples) History(UniqueAddress node)
    {
        lock (_lock) return _detectors.TryGetValue(node, out var d) ? d.History : (0, 0, 0);
    }

    public void Remove(UniqueAddress node)
    {
        lock (_lock) _detectors.Remove(node);
    }

    /// <summary>Forgets every node not in <paramref name="keep"/>.</summary>
    public void RetainOnly(IReadOnlySet<UniqueAddress> keep)
    {
        lock (_lock)
            foreach (var node in _detectors.Keys.Where(n => !keep.Contains(n)).ToList())
                _detectors.Remove(node);
    }
}
