using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

/// <summary>Journal tags of the job's events (<c>kane.agents.job.*</c>).</summary>
internal static class JobEventSerialization
{
    public static void Register(EventSerializerRegistry registry) => registry
        .Event<JobCreated>("job.created").Event<TasksAdded>("job.tasks-added").Event<TasksDispatched>("job.tasks-dispatched")
        .Event<TaskResultsRecorded>("job.results").Event<TaskRetryScheduled>("job.retry-scheduled")
        .Event<TasksRequeued>("job.tasks-requeued").Event<TasksStolen>("job.tasks-stolen").Event<TasksAbandoned>("job.tasks-abandoned")
        .Event<JobCancelled>("job.cancelled").Event<JobEnded>("job.ended").Event<JobProgressCheckpoint>("job.progress")
        .Event<AttemptsAdvanced>("job.attempts-advanced")
        .Event<JobSnapshot>("job.snapshot");

    /// <summary>With the wire options without null members (<see cref="AgentsJournalJsonContext.JobEvents"/>): a 100k-task job journals 100k task records.</summary>
    private static EventSerializerRegistry Event<T>(this EventSerializerRegistry registry, string tag) =>
        registry.AddEvent<T>(AgentsJournalJsonContext.JobEvents, tag);
}
