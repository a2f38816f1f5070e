namespace Kane.Shutdown;

/// <summary>One phase of coordinated shutdown (<c>kane.coordinated-shutdown.phases.NAME</c>).</summary>
/// <param name="Timeout">How long the phase's tasks together may take.</param>
/// <param name="DependsOn">Phases that must finish first.</param>
/// <param name="Recover">On a failed or timed-out task: true continues with the next phase, false aborts the shutdown run.</param>
/// <param name="Enabled">A disabled phase runs no tasks.</param>
public sealed record PhaseSettings(TimeSpan Timeout, IReadOnlyList<string> DependsOn, bool Recover = true, bool Enabled = true);

/// <summary>Settings of <see cref="CoordinatedShutdown"/> (<c>kane.coordinated-shutdown.*</c> in reference.conf).</summary>
public sealed partial record CoordinatedShutdownSettings
{
    public static readonly CoordinatedShutdownSettings Default = new();

    /// <summary>Terminate the actor system in the last phase.</summary>
    /// <value>true (<c>kane.coordinated-shutdown.terminate-actor-system</c>)</value>
    public bool TerminateActorSystem { get; init; } = true;

    /// <summary>Run the phases when <c>ActorSystem.Terminate()</c> is called.</summary>
    /// <value>true (<c>kane.coordinated-shutdown.run-by-actor-system-terminate</c>)</value>
    public bool RunByActorSystemTerminate { get; init; } = true;

    /// <summary>Run the phases on SIGTERM and on process exit.</summary>
    /// <value>true (<c>kane.coordinated-shutdown.run-by-clr-shutdown-hook</c>)</value>
    public bool RunByClrShutdownHook { get; init; } = true;

    /// <summary>The phase graph; the defaults follow Akka's order.</summary>
    public IReadOnlyDictionary<string, PhaseSettings> Phases { get; init; } = DefaultPhases();

    /// <summary>The sum of all phase timeouts: the longest a full run can take.</summary>
    public TimeSpan TotalTimeout => Phases.Values.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Timeout);

    public static IReadOnlyDictionary<string, PhaseSettings> DefaultPhases()
    {
        var five = TimeSpan.FromSeconds(5);
        var ten = TimeSpan.FromSeconds(10);
        var chain = new (string Name, TimeSpan Timeout)[]
        {
            (CoordinatedShutdown.PhaseBeforeServiceUnbind, five),
            (CoordinatedShutdown.PhaseServiceUnbind, five),
            (CoordinatedShutdown.PhaseServiceRequestsDone, five),
            (CoordinatedShutdown.PhaseServiceStop, five),
            (CoordinatedShutdown.PhaseBeforeClusterShutdown, five),
            (CoordinatedShutdown.PhaseClusterShardingShutdownRegion, ten),
            (CoordinatedShutdown.PhaseClusterLeave, five),
            (CoordinatedShutdown.PhaseClusterExiting, ten),
            (CoordinatedShutdown.PhaseClusterExitingDone, five),
            (CoordinatedShutdown.PhaseClusterShutdown, five),
            (CoordinatedShutdown.PhaseBeforeActorSystemTerminate, five),
            (CoordinatedShutdown.PhaseActorSystemTerminate, ten),
        };
        var phases = new Dictionary<string, PhaseSettings>(StringComparer.Ordinal);
        for (var i = 0; i < chain.Length; i++)
            phases[chain[i].Name] = new PhaseSettings(chain[i].Timeout, i == 0 ? [] : [chain[i - 1].Name]);
        return phases;
    }

    /// <summary>Checks the graph: known dependencies, no cycles, positive timeouts.</summary>
    /// <exception cref="ArgumentException">Names the offending phase and what is wrong.</exception>
    public void Validate()
    {
        if (RunByActorSystemTerminate && !TerminateActorSystem)
            throw new ArgumentException("Invalid settings kane.coordinated-shutdown: run-by-actor-system-terminate = on requires terminate-actor-system = on (otherwise Terminate() would never terminate).");
        _ = PhaseOrder.Sort(Phases);
    }
}
