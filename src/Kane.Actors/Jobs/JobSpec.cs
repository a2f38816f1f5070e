namespace Kane.Actors;

/// <summary>A job to run: its first tasks (it may gain more while it runs), its priority and its roots.</summary>
/// <param name="JobId">1–100 characters of letters, digits, '-', '_' or '.'; the job's entity id. Submitting the same id again is idempotent.</param>
public sealed record JobSpec(string JobId, string Name, TaskPriority Priority, IReadOnlyList<KaneTask> Tasks)
{
    public JobRoots Roots { get; init; } = JobRoots.None;

    /// <summary>After this instant the job's unfinished tasks are abandoned.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>A fresh job id: <c>job-</c> and 12 random hex digits.</summary>
    public static string NewId() => "job-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 6);

    /// <summary>Why the spec is invalid, or null: id, tasks (valid, unique ids, dependencies inside the job, no cycle).</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(JobId) || JobId.Length > 100 || !JobId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            return $"job id '{JobId}' must be 1–100 characters of letters, digits, '-', '_' or '.'";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in Tasks)
        {
            if (task.Validate() is { } error)
                return error;
            if (!ids.Add(task.Id))
                return $"task id '{task.Id}' appears twice in job {JobId}";
        }
        foreach (var task in Tasks)
            foreach (var dep in task.DependsOn)
                if (!ids.Contains(dep))
                    return $"task {task.Id} depends on '{dep}', which is not a task of job {JobId}";
        return TaskGraph.FindCycle(Tasks) is { } cycle ? $"tasks of job {JobId} depend on each other in a cycle: {string.Join(" → ", cycle)}" : null;
    }
}
