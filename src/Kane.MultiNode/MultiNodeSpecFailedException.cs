namespace Kane.MultiNode;

/// <summary>
/// A multi-node spec failed: a node threw, crashed or exited unexpectedly, a barrier failed, or the spec timed out.
/// The message names the cause and ends with the tail of the failing node's log; all logs stay in <see cref="LogDirectory"/>.
/// </summary>
public sealed class MultiNodeSpecFailedException(string message, string logDirectory, RoleName? role, IReadOnlyList<NodeExit> exits)
    : Exception(message)
{
    /// <summary>Where every node's log (<c>ROLE.log</c>) was kept.</summary>
    public string LogDirectory { get; } = logDirectory;

    /// <summary>The role that failed first; null when the spec timed out or the runner failed.</summary>
    public RoleName? Role { get; } = role;

    /// <summary>How every process ended (the runner kills whatever was left).</summary>
    public IReadOnlyList<NodeExit> Exits { get; } = exits;

    /// <summary>The ids of every process the run started, so tests can check none is left behind.</summary>
    internal IReadOnlyList<int> ProcessIds { get; init; } = [];
}
