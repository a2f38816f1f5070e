using Kane.Actors;

namespace Kane.Organize.Run;

/// <summary>
/// Turns successive polls of a job (its per-node totals, <see cref="JobView.Nodes"/>) and of the agent list into
/// per-node activity: tasks in flight, done and failed on each node, the files its finished tasks handled, and the rate
/// of those files over the last <see cref="RateWindow"/>. Pure bookkeeping over what the cluster reported; nothing is
/// estimated.
/// </summary>
public sealed class NodeActivityTracker
{
    /// <summary>In-flight tasks named per node; the rest are only counted.</summary>
    public const int ListedTasks = NodeTasks.ListedDispatched;

    /// <summary>Files per second are measured over this much of the most recent polls.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    private readonly Queue<(long AtMs, Dictionary<string, long> Files)> _samples = new();
    private string? _jobId;

    /// <summary>The activity of every node that has agents or ran a task of <paramref name="job"/>, by node name.</summary>
    /// <param name="job">The current job as last polled, with its task rows (null before it exists).</param>
    /// <param name="agents">The cluster's agents.</param>
    /// <param name="elapsedMs">A monotonic clock, for the rates.</param>
    public IReadOnlyList<NodeActivity> Update(JobView? job, IReadOnlyList<AgentInfo> agents, long elapsedMs)
    {
        if (job?.JobId != _jobId)
        {
            // Another phase's job: its tasks start from zero, and so do their rates.
            _samples.Clear();
            _jobId = job?.JobId;
        }
        // The job's per-node totals count every task (its task rows may be cut to one remote message).
        var byNode = (job?.Nodes ?? []).ToDictionary(n => n.Node, StringComparer.Ordinal);
        var names = agents.Select(a => a.Node).Concat(byNode.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var files = names.ToDictionary(n => n, n => byNode.TryGetValue(n, out var t) ? t.Totals.GetValueOrDefault("files") : 0, StringComparer.Ordinal);
        while (_samples.Count > 1 && elapsedMs - _samples.Peek().AtMs > RateWindow.TotalMilliseconds) _samples.Dequeue();
        var oldest = _samples.Count > 0 ? _samples.Peek() : ((long AtMs, Dictionary<string, long> Files)?)null;
        _samples.Enqueue((elapsedMs, files));
        return [.. names.Select(n =>
        {
            var t = byNode.GetValueOrDefault(n);
            var mine = agents.Where(a => a.Node == n).ToList();
            var rate = 0.0;
            if (oldest is { } o && elapsedMs > o.AtMs)
                rate = Math.Max(0, files[n] - o.Files.GetValueOrDefault(n)) * 1000.0 / (elapsedMs - o.AtMs);
            return new NodeActivity(n, mine.Count, mine.Count(a => a.Running > 0), t?.Dispatched ?? 0,
                [.. (t?.DispatchedTasks ?? []).Take(ListedTasks)], t?.Succeeded ?? 0, t?.Failed ?? 0, files[n], rate);
        })];
    }
}
