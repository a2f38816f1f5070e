namespace Kane.Cluster.FailureDetection;

/// <summary>One phi accrual detector per monitored incarnation; thread-safe.</summary>
internal sealed class FailureDetectorRegistry(Func<PhiAccrualFailureDetector> create)
{
    private readonly object _lock = new();
    private readonly Dictionary<UniqueAddress, PhiAccrualFailureDetector> _detectors = new();
    private readonly HashSet<UniqueAddress> _refused = [];

    public void Heartbeat(UniqueAddress node)
    {
        lock (_lock)
        {
            if (!_detectors.TryGetValue(node, out var d)) _detectors[node] = d = create();
            d.Heartbeat();
            _refused.Remove(node);
        }
    }

    /// <summary>
    /// The monitored <paramref name="node"/>'s address refused a connection: it counts as unavailable until it answers a
    /// heartbeat again. Returns false (and changes nothing) for a node not monitored yet.
    /// </summary>
    public bool Refused(UniqueAddress node)
    {
        lock (_lock)
        {
            if (!_detectors.TryGetValue(node, out var d) || !d.IsMonitoring) return false;
            return _refused.Add(node);
        }
    }

    /// <summary>True for a node never heard from (not yet monitored): only silence after a first heartbeat, or a refused connection, counts.</summary>
    public bool IsAvailable(UniqueAddress node)
    {
        lock (_lock) return !_detectors.TryGetValue(node, out var d) || (d.IsAvailable && !_refused.Contains(node));
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
        lock (_lock)
        {
            _detectors.Remove(node);
            _refused.Remove(node);
        }
    }

    /// <summary>Forgets every node not in <paramref name="keep"/>.</summary>
    public void RetainOnly(IReadOnlySet<UniqueAddress> keep)
    {
        lock (_lock)
            foreach (var node in _detectors.Keys.Where(n => !keep.Contains(n)).ToList())
            {
                _detectors.Remove(node);
                _refused.Remove(node);
            }
    }
}
