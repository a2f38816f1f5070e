using Kane.Actor;

namespace Kane.Actors.Internal;

// Registration with the cluster coordinator, the periodic status report, and the counters behind it.
internal sealed partial class NodeCoordinator
{
    private readonly LatencyWindow _durations = new();
    private readonly ProcessCpu _ownCpu = new();
    private double _ownCpuPercent;
    private readonly LatencyWindow _queueToStart = new();
    private bool _registered;
    private long _completed;
    private long _failed;
    private long _retried;
    private long _lastFinished;
    private DateTime _lastReport = DateTime.UtcNow;

    private RegisterNode Registration() => new(_self, _settings.Capabilities, [.. _handlers.Types.Order(StringComparer.Ordinal)], TotalSlots());

    /// <summary>Slots of every agent this node runs (registered or not yet).</summary>
    private int TotalSlots() => _agentList.Sum(a => a.Info?.Slots ?? _settings.SlotsPerAgent);

    private double _averageTaskMs = double.NaN;

    /// <summary>Tasks each agent may hold beyond its slots now (<see cref="PrefetchWindow"/>).</summary>
    private int Prefetch() => PrefetchWindow.Size(_settings.AgentPrefetch, _averageTaskMs);

    private void Record(TaskFinished finished)
    {
        var r = finished.Result;
        _averageTaskMs = PrefetchWindow.Average(_averageTaskMs, r.DurationMs);
        if (r.Succeeded) _completed++;
        else _failed++;
        _durations.Add(r.DurationMs);
        _queueToStart.Add(Math.Max(0, (r.StartedAt - finished.QueuedAt).TotalMilliseconds));
    }

    private void OnStatusTick()
    {
        _ownCpuPercent = _ownCpu.Sample();
        if (!_registered) _coordinator.Tell(Registration(), Self);
        foreach (var a in _agentList)
            if (a.Ref is null) _agentRegion.Tell(new GetAgent(a.Id), Self);
        _coordinator.Tell(StatusReport(), Self);
        Dispatch();
    }

    /// <summary>Set when tasks arrive; an early report goes out when the queue then drains to half the node queue limit.</summary>
    private bool _lowWaterArmed;
    private NodeTaskStats? _lastStats;

    /// <summary>
    /// Tells the coordinator as soon as the queue is half drained, once per arrival of work, instead of waiting for
    /// the next periodic report: a fast node otherwise ran dry between reports (the coordinator refilled it only from
    /// its own estimate of the node's rate, which capped a node near node-queue-limit per refill round).
    /// </summary>
    private void ReportIfLow()
    {
        if (!_lowWaterArmed || _deque.Count > _settings.NodeQueueLimit / 2 || !_registered) return;
        _lowWaterArmed = false;
        _coordinator.Tell(EarlyReport(), Self);
    }

    /// <summary>The last periodic report's figures with the queue as it is now (percentiles are not worth a sort per refill).</summary>
    private NodeStatusReport EarlyReport()
    {
        if (_lastStats is null) return StatusReport();
        var stats = _lastStats with { Queued = _deque.Count, Running = _running.Count };
        return new NodeStatusReport(_self, _deque.Count, _running.Count, stats.Slots, _gate.Accepting && !_leaving, _lastAgents, stats);
    }

    private IReadOnlyList<AgentInfo> _lastAgents = [];

    private NodeStatusReport StatusReport()
    {
        var now = DateTime.UtcNow;
        var finished = _completed + _failed;
        var elapsed = (now - _lastReport).TotalSeconds;
        var rate = elapsed > 0 ? (finished - _lastFinished) / elapsed : 0;
        _lastFinished = finished;
        _lastReport = now;
        var load = _cluster.SelfLoad;
        var gate = ResourceGate.Decide(ResourceGate.OthersCpu(load.CpuPercent, _ownCpuPercent), load.MemoryPercent, FreeSlots(), _running.Count, _settings);
        var durations = _durations.Percentiles(50, 95, 99);
        var waits = _queueToStart.Percentiles(50, 99);
        var slots = TotalSlots();
        var agents = _agentList.Where(a => a.Info is not null).Select(a => a.Info! with
        {
            Running = a.Running,
            Status = a.Info!.Status is AgentStatus.Idle or AgentStatus.Executing ? (a.Running > 0 ? AgentStatus.Executing : AgentStatus.Idle) : a.Info.Status,
        }).ToList();
        var stats = new NodeTaskStats(_nodeName, true, _agentList.Count, slots, _deque.Count, _running.Count, _completed, _failed, _retried,
            _stolenIn, _stolenOut, rate, durations[0], durations[1], durations[2], waits[0], waits[1], load.Score);
        _lastStats = stats;
        _lastAgents = agents;
        return new NodeStatusReport(_self, _deque.Count, _running.Count, slots, gate.Accepting && !_leaving, agents, stats);
    }
}
