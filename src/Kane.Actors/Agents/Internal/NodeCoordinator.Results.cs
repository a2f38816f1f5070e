using Kane.Actor;

namespace Kane.Actors.Internal;

// Results: kept per job until the job acknowledges them, sent in batches, resent every result-redelivery-interval.
internal sealed partial class NodeCoordinator
{
    private readonly Dictionary<string, PendingResults> _results = new(StringComparer.Ordinal);
    private static readonly TimeSpan FlushLinger = TimeSpan.FromMilliseconds(5);
    private bool _flushScheduled;

    private sealed record FlushResults
    {
        public static readonly FlushResults Instance = new();
    }

    private sealed class PendingResults
    {
        public Dictionary<TaskAttempt, TaskResult> Unacked { get; } = [];
        public List<TaskResult> Fresh { get; } = [];
        public DateTime LastSent { get; set; }
    }

    private void AddResult(string jobId, TaskResult result)
    {
        if (!_results.TryGetValue(jobId, out var pending)) _results[jobId] = pending = new PendingResults();
        pending.Unacked[new TaskAttempt(result.TaskId, result.Attempt)] = result;
        pending.Fresh.Add(result);
        if (pending.Fresh.Count >= _settings.TaskBatchSize)
        {
            Send(jobId, pending.Fresh);
            pending.Fresh.Clear();
            pending.LastSent = DateTime.UtcNow;
            return;
        }
        // A short linger batches the results that finish close together: one message (and one journal write at the
        // job) per batch instead of per task, for a few milliseconds of latency.
        if (_flushScheduled) return;
        _flushScheduled = true;
        Timers.StartSingleTimer("flush", FlushResults.Instance, FlushLinger);
    }

    private void OnFlush()
    {
        _flushScheduled = false;
        var now = DateTime.UtcNow;
        foreach (var (jobId, pending) in _results)
        {
            if (pending.Fresh.Count == 0) continue;
            Send(jobId, pending.Fresh);
            pending.Fresh.Clear();
            pending.LastSent = now;
        }
    }

    private void OnRedeliver()
    {
        var now = DateTime.UtcNow;
        foreach (var (jobId, pending) in _results)
        {
            if (pending.Unacked.Count == 0 || now - pending.LastSent < _settings.ResultRedeliveryInterval) continue;
            Send(jobId, pending.Unacked.Values);
            pending.LastSent = now;
        }
    }

    private void Send(string jobId, IEnumerable<TaskResult> results)
    {
        // Split by size as well as count: a scan's result carries its follow-up tasks, and the job may be on another node.
        foreach (var chunk in WireSize.ChunksBySize(results, WireSize.Of, _settings.TaskBatchSize))
            _jobs.Tell(new TaskResults(jobId, _nodeName, chunk), Self);
    }

    private void OnAck(TaskResultsAck ack)
    {
        if (!_results.TryGetValue(ack.JobId, out var pending)) return;
        foreach (var attempt in ack.Acked) pending.Unacked.Remove(attempt);
        if (pending.Unacked.Count == 0 && pending.Fresh.Count == 0) _results.Remove(ack.JobId);
    }
}
