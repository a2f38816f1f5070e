namespace Kane.MultiNode;

/// <summary>How one process of a role ended.</summary>
public sealed record NodeExit(RoleName Role, int Incarnation, int ExitCode, NodeExitKind Kind);

/// <summary>Why a node process ended.</summary>
public enum NodeExitKind
{
    /// <summary>The spec body and the closing barrier passed; exit code 0.</summary>
    Finished,

    /// <summary>The conductor killed it (<see cref="TestConductor.Kill"/>).</summary>
    Killed,

    /// <summary>The conductor told it to exit (<see cref="TestConductor.Exit"/>) and it exited with that code.</summary>
    Exited,

    /// <summary>It failed, crashed or exited unexpectedly; the spec fails.</summary>
    Failed,

    /// <summary>The runner killed it because the spec had already failed or timed out.</summary>
    Aborted,
}
