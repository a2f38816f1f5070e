namespace Kane.MultiNode;

/// <summary>A role of a multi-node spec; each role runs as its own OS process.</summary>
public sealed record RoleName(string Name)
{
    public override string ToString() => Name;
}
