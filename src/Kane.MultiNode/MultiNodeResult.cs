namespace Kane.MultiNode;

/// <summary>The outcome of a passed multi-node spec: how every process ended.</summary>
public sealed class MultiNodeResult(string specName, IReadOnlyList<NodeExit> exits)
{
    public string SpecName { get; } = specName;

    /// <summary>Every process of the run, in the order they ended.</summary>
    public IReadOnlyList<NodeExit> Exits { get; } = exits;

    /// <summary>The processes of <paramref name="role"/>, by incarnation.</summary>
    public IReadOnlyList<NodeExit> ExitsOf(RoleName role) => Exits.Where(e => e.Role == role).OrderBy(e => e.Incarnation).ToList();
}
