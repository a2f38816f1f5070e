using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

/// <summary>Journal tags of the job's events (<c>kane.agents.job.*</c>).</summary>
internal static class JobEventSerialization
{
    /// <summary>The wire options without null members: a 100k-task job journals 100k task records.</summary>
    private static readonly JsonSerializerOptions Json = new(AgentsWire.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void Register(EventSerializerRegistry registry) => registry
        .Event<JobCreated>("job.created").Event<TasksAdded>("job.tasks-added").Event<TasksDispatched>("job.tasks-dispatched")
        .Event<TaskResultsRecorded>("job.results").Event<TaskRetryScheduled>("job.retry-scheduled")
        .Event<TasksRequeued>("job.tasks-requeued").Event<TasksStolen>("job.tasks-stolen").Event<TasksAbandoned>("job.tasks-abandoned")
        .Event<JobCancelled>("job.cancelled").Event<JobEnded>("job.ended").Event<JobProgressCheckpoint>("job.progress")
        .Event<AttemptsAdvanced>("job.attempts-advanced")
        .Event<JobSnapshot>("job.snapshot");

    private static EventSerializerRegistry Event<T>(this EventSerializerRegistry registry, string tag) =>
        registry.Register(AgentsWire.Prefix + tag, (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T)));
}
