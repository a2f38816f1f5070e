namespace Kane.Actors.Internal;

// The job entity's journal (kane-job-{jobId}). Every event is applied by JobState.Apply, live and on replay.

/// <summary>The job exists. <see cref="SpecDigest"/> identifies the submitted spec, so a re-submission is accepted only when identical.</summary>
internal sealed record JobCreated(string JobId, string Name, TaskPriority Priority, JobRoots Roots, DateTimeOffset? Deadline,
    IReadOnlyDictionary<string, string> Metadata, string SpecDigest, DateTimeOffset At);

/// <summary>Tasks joined the job (at most 1000 per event); ready ones become queued with attempt 1.</summary>
internal sealed record TasksAdded(IReadOnlyList<KaneTask> Tasks, DateTimeOffset At);

/// <summary>These queued attempts were sent to <see cref="Node"/>.</summary>
internal sealed record TasksDispatched(NodeRef Node, IReadOnlyList<TaskAttempt> Attempts, DateTimeOffset At);

/// <summary>Results of current attempts, journaled as one batch, with the follow-up tasks they created.</summary>
internal sealed record TaskResultsRecorded(IReadOnlyList<RecordedResult> Results, IReadOnlyList<KaneTask> FollowUps, DateTimeOffset At);

/// <summary>One applied result. <see cref="Error"/> is set when the task failed for good.</summary>
internal sealed record RecordedResult(string TaskId, int Attempt, string AgentId, TaskError? Error, int Retries, long Bytes,
    IReadOnlyDictionary<string, string>? Output, double DurationMs);

/// <summary>The agent retries an attempt after a retryable failure; the attempt stays dispatched.</summary>
internal sealed record TaskRetryScheduled(string TaskId, int Attempt, int Retry, DateTimeOffset RetryAt, TaskError Error);

/// <summary>
/// Written when a running job recovers: every queued task moves to attempt + 1 and counts one more previous attempt.
/// Dispatches are sent before their event is journaled, so a queued attempt may already be running somewhere; from
/// here on its result is stale, and no two nodes run one attempt number.
/// </summary>
internal sealed record AttemptsAdvanced(DateTimeOffset At);

/// <summary>Dispatched attempts given up on (their node left, or they timed out): queued again with attempt + 1.</summary>
internal sealed record TasksRequeued(IReadOnlyList<TaskAttempt> Attempts, string Reason, DateTimeOffset At);

/// <summary>Not-started attempts moved from <see cref="FromNode"/> to the thief <see cref="To"/> as attempt + 1.</summary>
internal sealed record TasksStolen(string FromNode, NodeRef To, IReadOnlyList<TaskAttempt> Attempts, DateTimeOffset At);

/// <summary>Unfinished tasks abandoned (past a deadline).</summary>
internal sealed record TasksAbandoned(IReadOnlyList<string> TaskIds, string Reason, DateTimeOffset At);

internal sealed record JobCancelled(string Reason, DateTimeOffset At);

/// <summary>Every task is terminal: <see cref="Status"/> is Completed or CompletedWithErrors.</summary>
internal sealed record JobEnded(JobStatus Status, JobProgress Progress, DateTimeOffset At);

/// <summary>A progress checkpoint for the <c>kane-jobs</c> tag feed (at most once per second while the job changes).</summary>
internal sealed record JobProgressCheckpoint(JobProgress Progress, DateTimeOffset At);

/// <summary>The whole job, so a 100k-task job recovers without replaying its history.</summary>
internal sealed record JobSnapshot(JobCreated Created, JobStatus Status, DateTimeOffset? Finished, int Retried, long Bytes,
    IReadOnlyList<TaskSnapshot> Tasks);

internal sealed record TaskSnapshot(KaneTask Task, TaskState State, int Attempt, int PreviousAttempts, int Retries, NodeRef? Node,
    string? AgentId, TaskError? Error, IReadOnlyDictionary<string, string>? Output, DateTimeOffset QueuedAt, DateTimeOffset DispatchedAt);
