using System.Collections.Immutable;
using Kane.Actor;
using Kane.Remote;

namespace Kane.Cluster.Tests;

/// <summary>
/// In-process cluster nodes over the real TCP transport on loopback, with fast timings; terminated at the end.
/// Kane.Cluster.Sharding.Tests compiles this file too and derives its nodes (shared journal, fast singletons) from it.
/// </summary>
public class Nodes : IDisposable
{
    private readonly List<ActorSystem> _systems = [];

    public static ClusterSettings Fast(bool sbr = true) => ClusterSettings.Default with
    {
        PeriodicTasksInitialDelay = TimeSpan.FromMilliseconds(50),
        GossipInterval = TimeSpan.FromMilliseconds(150),
        LeaderActionsInterval = TimeSpan.FromMilliseconds(100),
        UnreachableNodesReaperInterval = TimeSpan.FromMilliseconds(100),
        SeedNodeTimeout = TimeSpan.FromSeconds(2),
        RetryUnsuccessfulJoinAfter = TimeSpan.FromSeconds(3),
        FailureDetector = ClusterSettings.Default.FailureDetector with
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            AcceptableHeartbeatPause = TimeSpan.FromMilliseconds(800),
            ExpectedResponseAfter = TimeSpan.FromMilliseconds(500),
        },
        SplitBrainResolver = sbr ? ClusterSettings.Default.SplitBrainResolver! with { StableAfter = TimeSpan.FromMilliseconds(600) } : null,
    };

    public static RemoteSettings Remote(int port = 0) => RemoteSettings.Default with
    {
        Port = port,
        Secret = "cluster-tests",
        RetryGateClosedFor = TimeSpan.FromMilliseconds(200),
        HandshakeTimeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>A node's actor system; <paramref name="config"/> goes over <see cref="Settings"/>' configuration.</summary>
    public ActorSystem System(int port = 0, Microsoft.Extensions.Logging.ILoggerFactory? logs = null, Kane.Configuration.Config? config = null)
    {
        var settings = Settings();
        if (config is not null) settings = ActorSystemSettings.FromConfig(config.WithFallback(settings.Config));
        settings = settings with { LoggerFactory = logs ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        var system = ActorSystem.Create("kane", settings.WithRemoting(Remote(port)));
        _systems.Add(system);
        Configure(system);
        return system;
    }

    /// <summary>The settings every node's system starts from.</summary>
    protected virtual ActorSystemSettings Settings() => ActorSystemSettings.Default;

    /// <summary>What a derived helper installs on every new system (before its cluster starts).</summary>
    protected virtual void Configure(ActorSystem system) { }

    public Cluster Start(ActorSystem system, ClusterSettings settings, params Address[] seeds) =>
        system.StartCluster(settings with { SeedNodes = [.. seeds] });

    /// <summary>Three nodes joined through the first as seed, all Up.</summary>
    public (Cluster A, Cluster B, Cluster C) Three(ClusterSettings? settings = null)
    {
        settings ??= Fast();
        var a = System();
        var b = System();
        var c = System();
        var seeds = new[] { a.Address };
        var ca = Start(a, settings, seeds);
        var cb = Start(b, settings, seeds);
        var cc = Start(c, settings, seeds);
        AwaitUp(3, ca, cb, cc);
        return (ca, cb, cc);
    }

    public static void AwaitUp(int count, params Cluster[] clusters) =>
        Await(() => clusters.All(c => c.State.Members.Count(m => m.Status == MemberStatus.Up) == count && c.State.Unreachable.IsEmpty),
            $"{count} members Up on every node", TimeSpan.FromSeconds(20), clusters);

    public static void Await(Func<bool> condition, string what, TimeSpan timeout, params Cluster[] clusters)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds}s waiting for {what}. States:\n"
                    + string.Join("\n", clusters.Select(c => $"  {c.SelfAddress}: {Describe(c.State)}")));
            Thread.Sleep(20);
        }
    }

    public static string Describe(CurrentClusterState s) =>
        $"members [{string.Join(", ", s.Members.Select(m => $"{m.Address.Port}:{m.Status}"))}] unreachable [{string.Join(", ", s.Unreachable.Select(m => m.Address.Port))}] leader {s.Leader?.Port}";

    /// <summary>Cuts the node off as a crash would: listener and connections closed, nothing answered any more.</summary>
    public static void Crash(ActorSystem system)
    {
        system.Transport().Abort();
        // A dead process runs no shutdown; without this its coordinated shutdown would wait out the leave phases.
        Cluster.Get(system).MarkRemoved();
    }

    public void Dispose()
    {
        foreach (var s in _systems) s.Terminate();
        Task.WaitAll([.. _systems.Select(s => s.WhenTerminated)], TimeSpan.FromSeconds(20));
    }

    public static ImmutableArray<Address> Addresses(params Cluster[] clusters) => [.. clusters.Select(c => c.SelfAddress)];
}
