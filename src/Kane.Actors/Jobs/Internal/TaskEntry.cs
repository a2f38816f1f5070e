namespace Kane.Actors.Internal;

/// <summary>One task's state inside its job. Mutable and compact: a job holds 100k of them.</summary>
internal sealed class TaskEntry(KaneTask task, int order)
{
    public KaneTask Task { get; } = task;
    public int Order { get; } = order;
    public string Id => Task.Id;
    public TaskState State { get; set; } = TaskState.Pending;
    /// <summary>The current attempt (0 until first queued).</summary>
    public int Attempt { get; set; }
    public int PreviousAttempts { get; set; }
    /// <summary>Agent retries seen for the current attempt.</summary>
    public int Retries { get; set; }
    /// <summary>Dependencies not yet succeeded.</summary>
    public int PendingDeps { get; set; }
    public NodeRef? Node { get; set; }
    public string? AgentId { get; set; }
    public TaskError? Error { get; set; }
    public IReadOnlyDictionary<string, string>? Output { get; set; }
    /// <summary>When the task became ready: its queuing event's time, then, live, when that event was journaled and the task offered.</summary>
    public DateTimeOffset QueuedAt { get; set; }
    /// <summary>The number of the task's latest queuing (<see cref="JobState.QueueSeq"/>).</summary>
    public long QueueSeq { get; set; }
    public DateTimeOffset DispatchedAt { get; set; }
    /// <summary>When the current dispatched attempt times out.</summary>
    public DateTimeOffset TimeoutAt { get; set; }

    public bool IsTerminal => State is TaskState.Succeeded or TaskState.Failed or TaskState.Abandoned;

    public TaskOffer ToOffer() => new(Task, Attempt, PreviousAttempts, QueuedAt);

    public TaskView ToView() => new(Id, Task.Type, State, Attempt, Node?.Node, AgentId, Error, Output ?? EmptyOutput);

    public static readonly IReadOnlyDictionary<string, string> EmptyOutput = new Dictionary<string, string>();
}
