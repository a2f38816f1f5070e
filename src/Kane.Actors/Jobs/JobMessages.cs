namespace Kane.Actors;

// What clients (the CLI, `kane organize`, tests) send to a job through the job region (a ShardEnvelope by job id, or
// the message itself: the extractor reads JobId) and what they get back.

/// <summary>Creates the job. Answered with <see cref="JobAccepted"/> once its tasks are journaled, or <see cref="JobRejected"/>.
/// Submitting an id that exists is idempotent: the same spec is accepted again, a different one rejected.</summary>
public sealed record SubmitJob(JobSpec Spec) : Internal.IJobMessage
{
    public string JobId => Spec.JobId;
}

public sealed record JobAccepted(string JobId, int Tasks);

/// <summary>A bad submission or command: <see cref="Reason"/> says what was wrong and how to fix it. Nothing changed.</summary>
public sealed record JobRejected(string JobId, string Reason);

/// <summary>Adds tasks to a running job. Answered with <see cref="TasksAccepted"/> once journaled, or <see cref="JobRejected"/>.</summary>
public sealed record AddTasks(string JobId, IReadOnlyList<KaneTask> Tasks) : Internal.IJobMessage;

public sealed record TasksAccepted(string JobId, int Added);

/// <summary>Cancels the job: queued tasks are abandoned, running ones told to stop on every node. Answered with the <see cref="JobView"/>.</summary>
public sealed record CancelJob(string JobId, string Reason) : Internal.IJobMessage;

/// <summary>Answered with <see cref="JobView"/> (with up to <see cref="MaxTasks"/> task rows when <see cref="IncludeTasks"/>) or <see cref="JobNotFound"/>.</summary>
public sealed record GetJob(string JobId, bool IncludeTasks = false, int MaxTasks = 100) : Internal.IJobMessage;

public sealed record JobNotFound(string JobId);

/// <summary>The sender gets a <see cref="JobView"/> now, then one every <c>kane.agents.progress-interval</c> while the job
/// changes, and a last one when it ends (a terminal <see cref="JobView.Status"/>). <see cref="UnwatchJob"/> stops it.</summary>
public sealed record WatchJob(string JobId) : Internal.IJobMessage;

public sealed record UnwatchJob(string JobId) : Internal.IJobMessage;

/// <summary>A job as <c>kane jobs show</c> prints it.</summary>
/// <param name="Tasks">Task rows when asked for (failed ones first), else empty.</param>
/// <param name="Errors">Failed and abandoned tasks with their errors (at most 100).</param>
public sealed record JobView(string JobId, string Name, JobStatus Status, TaskPriority Priority, JobProgress Progress,
    DateTimeOffset Created, DateTimeOffset? Finished, IReadOnlyList<TaskView> Tasks, IReadOnlyList<TaskView> Errors)
{
    public bool IsFinished => Status != JobStatus.Running;

    /// <summary>
    /// Task rows asked for but left out because the view went to another node and all of them would not fit in one
    /// remote message (<c>kane.remote.maximum-frame-size</c>); <see cref="Progress"/> still counts every task.
    /// </summary>
    public int TasksOmitted { get; init; }

    /// <summary>
    /// With task rows: every node that ran or runs a task of the job, with totals over all its tasks, not only the rows
    /// listed (a view cut to one remote message still counts every task here).
    /// </summary>
    public IReadOnlyList<NodeTasks> Nodes { get; init; } = [];
}

/// <summary>What one node did for a job: its tasks by state and the integer outputs of its finished tasks, summed.</summary>
/// <param name="Node">host:port, as in <see cref="TaskView.Node"/>.</param>
/// <param name="Dispatched">Tasks whose current attempt is on the node.</param>
/// <param name="DispatchedTasks">The first <see cref="NodeTasks.ListedDispatched"/> of them, in the job's task order.</param>
/// <param name="Succeeded">Tasks that succeeded on the node.</param>
/// <param name="Failed">Tasks that failed for good on the node.</param>
/// <param name="Totals">For each output key whose values are integers (a file task's <c>files</c>), the sum over the node's succeeded tasks.</param>
public sealed record NodeTasks(string Node, int Dispatched, IReadOnlyList<string> DispatchedTasks, int Succeeded, int Failed,
    IReadOnlyDictionary<string, long> Totals)
{
    /// <summary>Dispatched task ids listed per node.</summary>
    public const int ListedDispatched = 4;
}

/// <summary>One task of a job.</summary>
/// <param name="Node">host:port of its current or last attempt's node.</param>
public sealed record TaskView(string TaskId, string Type, TaskState State, int Attempt, string? Node, string? AgentId, TaskError? Error,
    IReadOnlyDictionary<string, string> Output);
