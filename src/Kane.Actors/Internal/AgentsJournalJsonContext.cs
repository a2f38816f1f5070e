using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

/// <summary>
/// Compile-time JSON metadata of the agents' journal events (job, coordinator, agent). The registrations used to
/// build it by reflection, which at run time emits and jits an accessor per property and jits the reflection
/// serializers at first use, inside a one-shot run's first jobs; generated code is precompiled with the assembly
/// (ReadyToRun). The instances carry the same options as before (<see cref="AgentsWire.Json"/>: camel case, enums as
/// kebab-case strings; the job's events without null members), so the JSON written and read is unchanged.
/// </summary>
[JsonSerializable(typeof(JobCreated))]
[JsonSerializable(typeof(TasksAdded))]
[JsonSerializable(typeof(TasksDispatched))]
[JsonSerializable(typeof(TaskResultsRecorded))]
[JsonSerializable(typeof(TaskRetryScheduled))]
[JsonSerializable(typeof(TasksRequeued))]
[JsonSerializable(typeof(TasksStolen))]
[JsonSerializable(typeof(TasksAbandoned))]
[JsonSerializable(typeof(JobCancelled))]
[JsonSerializable(typeof(JobEnded))]
[JsonSerializable(typeof(JobProgressCheckpoint))]
[JsonSerializable(typeof(AttemptsAdvanced))]
[JsonSerializable(typeof(JobSnapshot))]
[JsonSerializable(typeof(RegistryJobAdded))]
[JsonSerializable(typeof(RegistryJobEnded))]
[JsonSerializable(typeof(RegistryNodeAdded))]
[JsonSerializable(typeof(RegistryNodeRemoved))]
[JsonSerializable(typeof(CoordinatorRegistrySnapshot))]
[JsonSerializable(typeof(AgentAddedEvent))]
[JsonSerializable(typeof(AgentPausedEvent))]
[JsonSerializable(typeof(AgentResumedEvent))]
[JsonSerializable(typeof(AgentStoppedEvent))]
[JsonSerializable(typeof(AgentMetricsCheckpoint))]
internal sealed partial class AgentsJournalJsonContext : JsonSerializerContext
{
    /// <summary>Metadata with the wire options (<see cref="AgentsWire.Json"/>).</summary>
    public static AgentsJournalJsonContext Events { get; } = new(new JsonSerializerOptions(AgentsWire.Json));

    /// <summary>Metadata with the wire options less null members: the job's events (a 100k-task job journals 100k task records).</summary>
    public static AgentsJournalJsonContext JobEvents { get; } =
        new(new JsonSerializerOptions(AgentsWire.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });

    public JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)GetTypeInfo(typeof(T))!;
}

/// <summary>Registration of journal events with the generated metadata.</summary>
internal static class AgentsJournalRegistration
{
    /// <summary>Registers journal event <typeparamref name="T"/> under <see cref="AgentsWire.Prefix"/> + <paramref name="tag"/> with <paramref name="context"/>'s metadata.</summary>
    public static EventSerializerRegistry AddEvent<T>(this EventSerializerRegistry registry, AgentsJournalJsonContext context, string tag, int version = 1) =>
        registry.Register(AgentsWire.Prefix + tag, context.Info<T>(), version);
}
