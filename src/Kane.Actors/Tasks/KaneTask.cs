namespace Kane.Actors;

/// <summary>
/// One unit of work of a job: a batch of items (paths, usually) for one handler type. Immutable; the job entity owns
/// its state (queued, dispatched, ...) and the attempt number.
/// </summary>
/// <param name="Id">Unique within its job: 1–200 characters, no control characters. Follow-up tasks are named
/// <c>{parent}/{child}</c> so that a re-run of the parent produces the same ids.</param>
/// <param name="Type">The handler type, see <see cref="TaskTypes"/>.</param>
/// <param name="Priority">Higher first.</param>
/// <param name="Items">The payload: a batch of paths or other items, interpreted by the handler.</param>
public sealed record KaneTask(string Id, string Type, TaskPriority Priority, IReadOnlyList<string> Items)
{
    /// <summary>Tie-break within a priority level: higher first.</summary>
    public int Rank { get; init; }

    /// <summary>Ids of tasks of the same job that must succeed before this one is ready.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Options for the handler (source root, target root, layout...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>When the task was created (set by the job when it is added, if left default).</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>After this instant the task is abandoned instead of started.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>How many times a retryable failure is retried in the agent; null = <c>kane.agents.retry-attempts</c>.</summary>
    public int? MaxRetries { get; init; }

    public TaskAffinity Affinity { get; init; } = TaskAffinity.None;

    /// <summary>How long one attempt may run before the job re-dispatches it; null = <c>kane.agents.task-timeout</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Why the task is invalid, or null when it is valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(Id) || Id.Length > 200 || Id.Any(char.IsControl))
            return $"task id '{Id}' must be 1–200 characters without control characters";
        if (!TaskTypes.IsValid(Type))
            return $"task {Id}: type '{Type}' must be lowercase letters, digits, '-' or '.', starting with a letter";
        if (DependsOn.Contains(Id))
            return $"task {Id} depends on itself";
        if (MaxRetries is < 0)
            return $"task {Id}: max retries {MaxRetries} must be zero or more";
        if (Timeout is { } t && t <= TimeSpan.Zero)
            return $"task {Id}: timeout {t} must be positive";
        return null;
    }
}
