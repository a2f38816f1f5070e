namespace Kane.Actors.Internal;

/// <summary>
/// Rough JSON sizes of tasks, so that messages that carry many tasks (offers, submissions) are split below the remote
/// frame limit (<c>kane.remote.maximum-frame-size</c>, 128 kB by default) instead of going to dead letters.
/// </summary>
internal static class WireSize
{
    /// <summary>What one message may carry: well below the default frame limit, with room for non-ASCII paths.</summary>
    public const int Budget = 48_000;

    /// <summary>An upper estimate of <paramref name="task"/>'s JSON size in bytes (ASCII text; field names included).</summary>
    public static int Of(KaneTask task)
    {
        var size = 260 + task.Id.Length + task.Type.Length;
        foreach (var i in task.Items) size += i.Length + 3;
        foreach (var d in task.DependsOn) size += d.Length + 3;
        foreach (var (k, v) in task.Metadata) size += k.Length + v.Length + 6;
        foreach (var c in task.Affinity.RequiredCapabilities) size += c.Length + 3;
        foreach (var a in task.Affinity.PreferredAgents) size += a.Length + 3;
        return size;
    }

    /// <summary>An upper estimate of <paramref name="view"/>'s JSON size (a task row of a <see cref="JobView"/>).</summary>
    public static int Of(TaskView view)
    {
        var size = 200 + view.TaskId.Length + view.Type.Length + (view.Node?.Length ?? 0) + (view.AgentId?.Length ?? 0);
        if (view.Error is { } error) size += error.Code.Length + error.Message.Length + 40;
        foreach (var (k, v) in view.Output) size += k.Length + v.Length + 6;
        return size;
    }

    /// <summary>An upper estimate of <paramref name="result"/>'s JSON size: its error, its output and its follow-up tasks (a scan's can be many).</summary>
    public static int Of(TaskResult result)
    {
        var size = 300 + result.TaskId.Length + result.AgentId.Length;
        if (result.Error is { } error) size += error.Code.Length + error.Message.Length + 40;
        if (result.Outcome is { } outcome)
        {
            foreach (var (k, v) in outcome.Output) size += k.Length + v.Length + 6;
            foreach (var t in outcome.FollowUps) size += Of(t);
        }
        return size;
    }

    /// <summary>Why one of <paramref name="tasks"/> cannot cross nodes (it alone exceeds the budget twice over), or null.</summary>
    public static string? CheckTasks(IEnumerable<KaneTask> tasks)
    {
        foreach (var t in tasks)
            if (Of(t) is var size && size > 2 * Budget)
                return $"task {t.Id} carries about {size} bytes; a task must stay under {2 * Budget} bytes to travel between nodes: split its items over several tasks";
        return null;
    }

    /// <summary>Splits <paramref name="items"/> into runs of at most <paramref name="maxCount"/> and about <see cref="Budget"/> bytes (at least one each).</summary>
    public static IEnumerable<List<T>> Chunks<T>(IEnumerable<T> items, Func<T, KaneTask> task, int maxCount) =>
        ChunksBySize(items, item => Of(task(item)), maxCount);

    /// <summary>
    /// Splits <paramref name="items"/> into runs of at most <paramref name="maxCount"/> and <paramref name="budget"/>
    /// bytes (<see cref="Budget"/> when 0) by <paramref name="sizeOf"/>; an item larger than the budget is a run alone.
    /// </summary>
    public static IEnumerable<List<T>> ChunksBySize<T>(IEnumerable<T> items, Func<T, int> sizeOf, int maxCount, int budget = 0)
    {
        if (budget <= 0) budget = Budget;
        var chunk = new List<T>();
        var bytes = 0;
        foreach (var item in items)
        {
            var size = sizeOf(item);
            if (chunk.Count > 0 && (chunk.Count >= maxCount || bytes + size > budget))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(item);
            bytes += size;
        }
        if (chunk.Count > 0) yield return chunk;
    }
}
