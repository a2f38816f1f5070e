using Kane.Actor;
using Kane.Configuration;
using Kane.Persistence.Journal;
using Kane.Persistence.Snapshot;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>
/// Kane.Cluster.Tests' in-process nodes (the file is compiled into this project too) with fast singleton timings for
/// the coordinator and one in-memory journal that every node of a test shares, as a shared SQL database would be in
/// production.
/// </summary>
public sealed class Nodes : Kane.Cluster.Tests.Nodes
{
    private static readonly Config FastTools = ConfigurationFactory.ParseString("""
        kane.cluster.singleton.hand-over-retry-interval = 200ms
        kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
        """);

    public InMemoryJournal Journal { get; } = new();

    public InMemorySnapshotStore Snapshots { get; } = new();

    protected override ActorSystemSettings Settings() => ActorSystemSettings.FromConfig(FastTools);

    protected override void Configure(ActorSystem system)
    {
        Kane.Persistence.Persistence.Install(system, Journal, Snapshots);
        TestMessages.Register(system);
    }
}
