using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kane.Persistence.Serialization;
using Kane.Remote.Serialization;

namespace Kane.Actors.Internal;

/// <summary>
/// Serialization tags of the agents' messages (remoting) under <c>kane.agents.</c>. The tags are stable: renaming a
/// type never changes them. Events of the job, agent and coordinator journals are registered by their own actors'
/// files on <see cref="Kane.Persistence.Persistence.Serializers"/> with the same prefix.
/// </summary>
internal static class AgentsWire
{
    public const string Prefix = "kane.agents.";

    /// <summary>Camel-case JSON with enums as strings, for wire messages and journal events alike.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T));

    /// <summary>Registers <typeparamref name="T"/> under <see cref="Prefix"/> + <paramref name="tag"/> for remoting.</summary>
    public static SerializationRegistry Add<T>(this SerializationRegistry registry, string tag) => registry.AddJson(Prefix + tag, Info<T>());

    /// <summary>Registers journal event <typeparamref name="T"/> under <see cref="Prefix"/> + <paramref name="tag"/> (metadata from <see cref="AgentsJournalJsonContext"/>).</summary>
    public static EventSerializerRegistry AddEvent<T>(this EventSerializerRegistry registry, string tag, int version = 1) =>
        registry.AddEvent<T>(AgentsJournalJsonContext.Events, tag, version);

    /// <summary>Registers every message of the public and internal protocol (idempotent).</summary>
    public static void Register(SerializationRegistry r)
    {
        r.Add<SubmitJob>("submit-job").Add<JobAccepted>("job-accepted").Add<JobRejected>("job-rejected")
            .Add<AddTasks>("add-tasks").Add<TasksAccepted>("tasks-accepted").Add<CancelJob>("cancel-job")
            .Add<GetJob>("get-job").Add<JobNotFound>("job-not-found").Add<WatchJob>("watch-job").Add<UnwatchJob>("unwatch-job")
            .Add<JobView>("job-view")
            .Add<GetAgent>("get-agent").Add<PauseAgent>("pause-agent").Add<ResumeAgent>("resume-agent").Add<StopAgent>("stop-agent")
            .Add<AgentNotFound>("agent-not-found").Add<AgentInfo>("agent-info")
            .Add<ListJobs>("list-jobs").Add<JobList>("job-list").Add<ListAgents>("list-agents").Add<AgentList>("agent-list")
            .Add<GetTaskStats>("get-task-stats").Add<TaskStats>("task-stats")
            .Add<JobRegistered>("job-registered").Add<JobRegisteredAck>("job-registered-ack").Add<OfferTasks>("offer-tasks")
            .Add<JobProgressReport>("job-progress-report").Add<DispatchTasks>("dispatch-tasks").Add<ReofferTasks>("reoffer-tasks")
            .Add<AssignTasks>("assign-tasks").Add<CancelJobTasks>("cancel-job-tasks").Add<TaskResults>("task-results")
            .Add<TaskResultsAck>("task-results-ack").Add<TaskRetrying>("task-retrying").Add<StealTasks>("steal-tasks")
            .Add<StealReply>("steal-reply").Add<ReassignTasks>("reassign-tasks").Add<RegisterNode>("register-node")
            .Add<NodeRegistered>("node-registered").Add<NodeStatusReport>("node-status-report")
            .Add<SubmitJobPart>("submit-job-part").Add<JobPartReceived>("job-part-received")
            .Add<CheckAttempts>("check-attempts").Add<AttemptsHeld>("attempts-held");
    }
}
