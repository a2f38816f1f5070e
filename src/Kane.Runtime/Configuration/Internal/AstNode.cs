namespace Kane.Configuration.Internal;

/// <summary>
/// A parsed, not yet resolved value. Nodes are compared by reference: a node's identity is what
/// self-referential substitutions use to find "the definitions before this one".
/// </summary>
internal abstract class AstNode(ConfigOrigin origin)
{
    public ConfigOrigin Origin { get; } = origin;
}
