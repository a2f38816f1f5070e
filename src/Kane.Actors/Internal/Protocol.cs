namespace Kane.Actors.Internal;

// The agents' internal protocol. Every message may cross nodes (JSON under explicit tags, AgentsWire); actor
// references travel as paths (NodeRef.CoordinatorPath) or as the sender.
//
//   job ──JobRegistered/OfferTasks/JobProgressReport──► cluster coordinator (singleton proxy)
//   cluster coordinator ──DispatchTasks──► job (job region)        the coordinator decides the node
//   job ──AssignTasks──► node coordinator                         only after TasksDispatched is journaled
//   node coordinator ──TaskResults/TaskRetrying──► job            resent until TaskResultsAck
//   idle node ──StealTasks──► busy node ──ReassignTasks──► job ──AssignTasks──► idle node
//   job ──CheckAttempts──► node coordinator ──AttemptsHeld──► job   when a dispatched attempt passed its timeout
//   node coordinator ──RegisterNode/NodeStatusReport──► cluster coordinator

/// <summary>One attempt of one task.</summary>
internal sealed record TaskAttempt(string TaskId, int Attempt);

/// <summary>A ready task with its attempt number. <see cref="PreviousAttempts"/> counts attempts that never reported.</summary>
internal sealed record TaskOffer(KaneTask Task, int Attempt, int PreviousAttempts, DateTimeOffset QueuedAt);

/// <summary>
/// Client → job: one part of a submission too large for one remote message (KaneAgents.SubmitAsync splits it). Parts
/// come in order; the last is answered like <see cref="SubmitJob"/> for the whole spec, the others with <see cref="JobPartReceived"/>.
/// </summary>
internal sealed record SubmitJobPart(string SubmissionId, int Part, int Parts, JobSpec Spec) : IJobMessage
{
    public string JobId => Spec.JobId;
}

internal sealed record JobPartReceived(string JobId, string SubmissionId, int Part);

/// <summary>Job → coordinator, until <see cref="JobRegisteredAck"/>: add me to the registry (idempotent).</summary>
internal sealed record JobRegistered(string JobId, string Name, TaskPriority Priority, DateTimeOffset Created);

internal sealed record JobRegisteredAck(string JobId);

/// <summary>Job → coordinator: these are ready. Repeated offers of a (task, attempt) already queued are ignored.</summary>
internal sealed record OfferTasks(string JobId, TaskPriority JobPriority, IReadOnlyList<TaskOffer> Offers);

/// <summary>Job → coordinator, every progress-interval while it changes, and once when it ends (persisted then).</summary>
internal sealed record JobProgressReport(string JobId, JobStatus Status, JobProgress Progress);

/// <summary>Coordinator → job: send these attempts to <see cref="Node"/>. The job drops attempts no longer queued.</summary>
internal sealed record DispatchTasks(string JobId, NodeRef Node, IReadOnlyList<TaskAttempt> Tasks) : IJobMessage;

/// <summary>Coordinator → job: (re)offer every queued task; also wakes a job whose node died so it recovers elsewhere.</summary>
internal sealed record ReofferTasks(string JobId) : IJobMessage;

/// <summary>Job → node coordinator: run these (journaled as dispatched to this node first).</summary>
internal sealed record AssignTasks(string JobId, JobRoots Roots, IReadOnlyList<TaskOffer> Tasks);

/// <summary>Job → node coordinators it dispatched to: the job is cancelled; drop its queued tasks and cancel running ones.</summary>
internal sealed record CancelJobTasks(string JobId);

/// <summary>Node coordinator → job, resent every result-redelivery-interval until acknowledged.</summary>
internal sealed record TaskResults(string JobId, string Node, IReadOnlyList<TaskResult> Results) : IJobMessage;

/// <summary>Job → node coordinator: these results are journaled (or were stale); forget them.</summary>
internal sealed record TaskResultsAck(string JobId, IReadOnlyList<TaskAttempt> Acked);

/// <summary>Node coordinator → job: an attempt failed with a retryable error and will run again at <see cref="RetryAt"/>.</summary>
internal sealed record TaskRetrying(string JobId, TaskAttempt Task, int Retry, DateTimeOffset RetryAt, TaskError Error) : IJobMessage;

/// <summary>
/// Job → the node coordinator an attempt was dispatched to, once the attempt's timeout (counted from its dispatch)
/// passed: do you still hold these? An attempt that waited in the node's queue has not used its timeout yet.
/// </summary>
internal sealed record CheckAttempts(string JobId, IReadOnlyList<TaskAttempt> Attempts);

/// <summary>
/// One attempt a node still holds: queued there, given to an agent since <see cref="RunningSince"/>, or finished with
/// its result on the way to the job (<see cref="RunningSince"/> null unless it is with an agent).
/// </summary>
internal sealed record HeldAttempt(string TaskId, int Attempt, DateTimeOffset? RunningSince);

/// <summary>Node coordinator → job, the answer to <see cref="CheckAttempts"/>: what it holds, and what it does not know.</summary>
internal sealed record AttemptsHeld(string JobId, string Node, IReadOnlyList<HeldAttempt> Held, IReadOnlyList<TaskAttempt> NotHeld) : IJobMessage;

/// <summary>Idle node → busy node: give me up to <see cref="Max"/> tasks that have not started.</summary>
internal sealed record StealTasks(NodeRef Thief, int Max);

/// <summary>Busy node → thief: this many tasks are on their way (through their jobs).</summary>
internal sealed record StealReply(int Count);

/// <summary>Busy node → job: these not-started attempts of mine move to <see cref="To"/> (the job journals a new attempt there).</summary>
internal sealed record ReassignTasks(string JobId, string FromNode, NodeRef To, IReadOnlyList<TaskAttempt> Tasks) : IJobMessage;

/// <summary>Node coordinator → coordinator, until <see cref="NodeRegistered"/>.</summary>
internal sealed record RegisterNode(NodeRef Node, IReadOnlyList<string> Capabilities, IReadOnlyList<string> TaskTypes, int Slots);

internal sealed record NodeRegistered(string Node);

/// <summary>Node coordinator → coordinator, every status-report-interval.</summary>
/// <param name="Accepting">False while the node's resource gate is closed (queue only) or it is shutting down.</param>
internal sealed record NodeStatusReport(NodeRef Node, int Queued, int Running, int Slots, bool Accepting, IReadOnlyList<AgentInfo> Agents, NodeTaskStats Stats);
