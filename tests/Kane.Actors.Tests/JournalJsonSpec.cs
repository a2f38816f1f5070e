using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kane.Actors.Internal;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Tests;

/// <summary>The journal events' generated JSON metadata writes and reads what the reflection-based metadata did.</summary>
public sealed class JournalJsonSpec
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 21, 0, 0, TimeSpan.FromHours(1));

    private static JsonSerializerOptions Reflection(bool withoutNulls) => new(AgentsWire.Json)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        DefaultIgnoreCondition = withoutNulls ? JsonIgnoreCondition.WhenWritingNull : JsonIgnoreCondition.Never,
    };

    private static readonly KaneTask Task = new("t1", "file-hash", TaskPriority.Critical, ["/a", "/b"])
    {
        Rank = 2, DependsOn = ["t0"], Metadata = new Dictionary<string, string> { ["k"] = "v" }, Created = At, MaxRetries = 3,
        Affinity = new TaskAffinity(["fs"], ["agent-1"]), Timeout = TimeSpan.FromSeconds(90),
    };

    private static readonly JobProgress Progress = new(10, 1, 2, 3, 4, 0, 0, 1, 1234, 5.5, 6.25, TimeSpan.FromMinutes(2));

    public static TheoryData<object> JobEvents() => [.. JobEventList];

    public static TheoryData<object> OtherEvents() => [.. OtherEventList];

    private static readonly object[] JobEventList =
    [
        new JobCreated("j1", "organize", TaskPriority.High, new JobRoots(["/src"], "/dst"), null, new Dictionary<string, string> { ["m"] = "1" }, "digest", At),
        new TasksAdded([Task, new KaneTask("t2", "file-scan", TaskPriority.Low, [])], At),
        new TasksDispatched(new NodeRef("host:1", 7, "/user/node"), [new TaskAttempt("t1", 2)], At),
        new TaskResultsRecorded([new RecordedResult("t1", 2, "agent-1", TaskError.Fatal("EIO", "broken"), 1, 99, new Dictionary<string, string> { ["files"] = "3" }, 1.5),
            new RecordedResult("t2", 1, "agent-2", null, 0, 0, null, 0.25)], [Task], At),
        new TaskRetryScheduled("t1", 2, 1, At, TaskError.Retryable("EAGAIN", "later")),
        new TasksRequeued([new TaskAttempt("t1", 3)], "node left", At),
        new TasksStolen("host:2", new NodeRef("host:1", 7, "/user/node"), [new TaskAttempt("t1", 4)], At),
        new TasksAbandoned(["t1"], "deadline", At),
        new JobCancelled("asked", At),
        new JobEnded(JobStatus.CompletedWithErrors, Progress, At),
        new JobProgressCheckpoint(Progress with { Eta = null }, At),
        new AttemptsAdvanced(At),
        new JobSnapshot(new JobCreated("j1", "n", TaskPriority.Normal, JobRoots.None, At, new Dictionary<string, string>(), "d", At), JobStatus.Running, null, 1, 2,
            [new TaskSnapshot(Task, TaskState.Dispatched, 2, 1, 0, new NodeRef("h", 1, "/p"), "agent-1", null, null, At, At)]),
    ];

    private static readonly object[] OtherEventList =
    [
        new RegistryJobAdded("j1", "n", TaskPriority.Normal, At),
        new RegistryJobEnded("j1", JobStatus.Completed, Progress),
        new RegistryNodeAdded(new NodeRef("h", 1, "/p"), ["fs"], ["file-hash"], 4),
        new RegistryNodeRemoved("h", 1, "down"),
        new CoordinatorRegistrySnapshot([new JobSummary("j1", "n", JobStatus.Running, TaskPriority.Low, Progress, At)], [new RegistryNodeAdded(new NodeRef("h", 1, "/p"), [], [], 1)]),
        new AgentAddedEvent(At, "h", ["fs"], 2),
        new AgentPausedEvent(At),
        new AgentMetricsCheckpoint(At, 5, 1, 2, 12.5),
    ];

    [Theory]
    [MemberData(nameof(JobEvents))]
    public void A_job_event_is_written_as_before_without_null_members(object e) =>
        Assert.Equal(JsonSerializer.Serialize(e, e.GetType(), Reflection(withoutNulls: true)),
            JsonSerializer.Serialize(e, AgentsJournalJsonContext.JobEvents.GetTypeInfo(e.GetType())!));

    [Theory]
    [MemberData(nameof(OtherEvents))]
    public void A_coordinator_or_agent_event_is_written_as_before(object e) =>
        Assert.Equal(JsonSerializer.Serialize(e, e.GetType(), Reflection(withoutNulls: false)),
            JsonSerializer.Serialize(e, AgentsJournalJsonContext.Events.GetTypeInfo(e.GetType())!));

    [Fact]
    public void Every_registered_event_reads_back_what_reflection_wrote()
    {
        var registry = new EventSerializerRegistry();
        JobEventSerialization.Register(registry);
        Kane.Actors.Internal.ClusterCoordinator.RegisterEvents(registry);
        AgentEvents.Register(registry);
        foreach (var (e, withoutNulls) in JobEventList.Select(e => (e, true)).Concat(OtherEventList.Select(e => (e, false))))
        {
            var (manifest, id, _) = registry.Serialize(e);
            var written = JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), Reflection(withoutNulls));

            var read = registry.Deserialize(manifest, id, written);

            Assert.Equal(e.GetType(), read.GetType());
            Assert.Equal(JsonSerializer.Serialize(e, e.GetType(), Reflection(withoutNulls)), JsonSerializer.Serialize(read, read.GetType(), Reflection(withoutNulls)));
        }
    }
}
