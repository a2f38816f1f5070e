using Kane.Actor;
using Kane.Configuration;
using Kane.Persistence.Journal;
using Kane.Persistence.Snapshot;

namespace Kane.Actors.Tests;

/// <summary>
/// In-process worker nodes (role "worker") with fast singleton and agent timings and one in-memory journal shared by
/// every node of a test, as a shared SQL database would be in production. Start agents with <see cref="StartAgents"/>.
/// </summary>
public sealed class Nodes : Kane.Cluster.Tests.Nodes
{
    public static readonly Config FastConfig = ConfigurationFactory.ParseString("""
        kane.cluster.singleton.hand-over-retry-interval = 200ms
        kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
        kane.agents.offer-redelivery-interval = 500ms
        kane.agents.result-redelivery-interval = 300ms
        kane.agents.status-report-interval = 100ms
        kane.agents.work-stealing.interval = 100ms
        kane.agents.retry.min-backoff = 20ms
        kane.agents.retry.max-backoff = 200ms
        kane.agents.attempt-check-timeout = 500ms
        # In-process nodes share one (busy) machine: its CPU would close every node's resource gate at once.
        kane.agents.resource-gates { cpu-warn = 100, memory-warn = 100, cpu-stop = 100, memory-stop = 100 }
        """);

    public InMemoryJournal Journal { get; } = new();

    public InMemorySnapshotStore Snapshots { get; } = new();

    public static Kane.Cluster.ClusterSettings Worker(bool sbr = true) => Fast(sbr) with { Roles = ["worker"] };

    protected override ActorSystemSettings Settings() => ActorSystemSettings.FromConfig(FastConfig);

    protected override void Configure(ActorSystem system) => Kane.Persistence.Persistence.Install(system, Journal, Snapshots);

    /// <summary>Starts Kane agents on <paramref name="system"/> with <paramref name="handlers"/> and <paramref name="settings"/> (default: the fast config).</summary>
    public static KaneAgents StartAgents(ActorSystem system, TaskHandlerRegistry handlers, KaneAgentsSettings? settings = null) =>
        KaneAgents.Start(system, handlers, settings ?? KaneAgentsSettings.FromConfig(FastConfig));
}
