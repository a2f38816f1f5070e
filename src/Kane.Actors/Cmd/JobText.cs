using System.Globalization;
using static Kane.Actors.Cmd.KaneAgentsPalettes;

namespace Kane.Actors.Cmd;

/// <summary>How the jobs palette writes jobs for people: pure functions of the views.</summary>
public static class JobText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A job in <c>kane jobs list</c>.</summary>
    public static string Row(JobSummary j) =>
        $"{j.JobId} | {j.Name} | {Kebab(j.Status)} | {Kebab(j.Priority)} | {j.Progress.Finished}/{j.Progress.Total} finished | failed: {j.Progress.Failed + j.Progress.Abandoned} | created: {j.Created.ToUniversalTime().ToString("u", Invariant)}";

    /// <summary>Counts of a job's tasks on one line.</summary>
    public static string Progress(JobProgress p) =>
        $"{p.Finished}/{p.Total} finished (succeeded {p.Succeeded}, failed {p.Failed}, abandoned {p.Abandoned}) | running {p.Running} | queued {p.Queued} | pending {p.Pending} | retried {p.Retried}";

    /// <summary>A line of <c>kane jobs watch</c>.</summary>
    public static string WatchLine(JobView v, DateTimeOffset now)
    {
        var p = v.Progress;
        var rate = p.TasksPerSecond.ToString("0.#", Invariant);
        var eta = v.IsFinished || p.Eta is not { } e ? "" : $" | eta {Duration(e)}";
        return $"{now:HH:mm:ss} {Kebab(v.Status)} | {p.Finished}/{p.Total} finished | succeeded {p.Succeeded} | failed {p.Failed + p.Abandoned} | running {p.Running} | queued {p.Queued} | {rate} tasks/s{eta}";
    }

    /// <summary>The last line of <c>kane jobs watch</c>.</summary>
    public static string Ending(JobView v)
    {
        var took = v.Finished is { } f ? $" in {Duration(f - v.Created)}" : "";
        return v.Status switch
        {
            JobStatus.Completed => $"Job {v.JobId} completed: {v.Progress.Succeeded} tasks succeeded{took}.",
            JobStatus.Cancelled => $"Job {v.JobId} was cancelled{took}: {v.Progress.Succeeded} succeeded, {v.Progress.Abandoned} abandoned.",
            _ => $"Job {v.JobId} completed with errors{took}: {v.Progress.Succeeded} succeeded, {v.Progress.Failed} failed, {v.Progress.Abandoned} abandoned; `kane jobs show {v.JobId}` lists the errors.",
        };
    }

    /// <summary>A job as <c>kane jobs show</c> prints it.</summary>
    public static IEnumerable<string> Describe(JobView v)
    {
        yield return $"Job: {v.JobId}";
        yield return $"Name: {v.Name}";
        yield return $"Status: {Kebab(v.Status)}";
        yield return $"Priority: {Kebab(v.Priority)}";
        yield return $"Progress: {Progress(v.Progress)}";
        yield return $"Rate: {v.Progress.TasksPerSecond.ToString("0.#", Invariant)} tasks/s | {v.Progress.Bytes} bytes" + (v.Progress.Eta is { } eta && !v.IsFinished ? $" | eta {Duration(eta)}" : "");
        yield return $"Created: {v.Created.ToUniversalTime().ToString("u", Invariant)}";
        if (v.Finished is { } finished) yield return $"Finished: {finished.ToUniversalTime().ToString("u", Invariant)} (took {Duration(finished - v.Created)})";
        if (v.Errors.Count > 0)
        {
            yield return $"Errors: {v.Errors.Count}";
            foreach (var t in v.Errors) yield return "  " + TaskRow(t);
        }
        if (v.Tasks.Count > 0)
        {
            yield return $"Tasks: {v.Tasks.Count}{(v.Tasks.Count < v.Progress.Total ? $" of {v.Progress.Total}" : "")}";
            foreach (var t in v.Tasks) yield return "  " + TaskRow(t);
            if (v.TasksOmitted > 0)
                yield return $"  ... {v.TasksOmitted} more task rows not listed: they would not fit in one message from the job's node.";
        }
        if (v.Nodes.Count > 0)
        {
            yield return $"Nodes: {v.Nodes.Count}";
            foreach (var n in v.Nodes) yield return "  " + NodeRow(n);
        }
    }

    /// <summary>What a node did for a job, over all its tasks: node | running N | succeeded N | failed N | totals.</summary>
    public static string NodeRow(NodeTasks n) =>
        $"{n.Node} | running {n.Dispatched} | succeeded {n.Succeeded} | failed {n.Failed}" +
        string.Concat(n.Totals.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $" | {kv.Key} {kv.Value.ToString(Invariant)}"));

    /// <summary>A task of a job: id | type | state | attempt | node | agent | error.</summary>
    public static string TaskRow(TaskView t) =>
        $"{t.TaskId} | {t.Type} | {Kebab(t.State)} | attempt {t.Attempt} | {t.Node ?? "-"} | {t.AgentId ?? "-"}" + (t.Error is { } e ? $" | {e}" : "");

    /// <summary>1h02m, 3m05s, 4.2s, 350ms.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : t.TotalSeconds >= 1 ? t.TotalSeconds.ToString("0.#", Invariant) + "s"
        : Math.Max(0, t.TotalMilliseconds).ToString("0", Invariant) + "ms";
}
