using System.Globalization;
using Kane.Actors;

namespace Kane.Organize.Run;

/// <summary>
/// Turns successive polls of a job (with its task rows) and of the agent list into per-node activity: tasks in
/// flight, done and failed on each node, the files its finished tasks handled, and the rate of those files over the
/// last <see cref="RateWindow"/>. Pure bookkeeping over what the cluster reported; nothing is estimated.
/// </summary>
public sealed class NodeActivityTracker
{
    /// <summary>In-flight tasks named per node; the rest are only counted.</summary>
    public const int ListedTasks = 4;

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
        var tasks = job?.Tasks ?? [];
        var names = agents.Select(a => a.Node).Concat(tasks.Where(t => t.Node is not null).Select(t => t.Node!))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var files = names.ToDictionary(n => n, n => tasks.Where(t => t.Node == n && t.State == TaskState.Succeeded).Sum(FilesOf), StringComparer.Ordinal);
        while (_samples.Count > 1 && elapsedMs - _samples.Peek().AtMs > RateWindow.TotalMilliseconds) _samples.Dequeue();
        var oldest = _samples.Count > 0 ? _samples.Peek() : ((long AtMs, Dictionary<string, long> Files)?)null;
        _samples.Enqueue((elapsedMs, files));
        return [.. names.Select(n =>
        {
            var inFlight = tasks.Where(t => t.Node == n && t.State == TaskState.Dispatched).ToList();
            var mine = agents.Where(a => a.Node == n).ToList();
            var rate = 0.0;
            if (oldest is { } o && elapsedMs > o.AtMs)
                rate = Math.Max(0, files[n] - o.Files.GetValueOrDefault(n)) * 1000.0 / (elapsedMs - o.AtMs);
            return new NodeActivity(n, mine.Count, mine.Count(a => a.Running > 0), inFlight.Count,
                [.. inFlight.Take(ListedTasks).Select(t => t.TaskId)],
                tasks.Count(t => t.Node == n && t.State == TaskState.Succeeded), tasks.Count(t => t.Node == n && t.State == TaskState.Failed),
                files[n], rate);
        })];
    }

    private static long FilesOf(TaskView t) =>
        t.Output.TryGetValue("files", out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
