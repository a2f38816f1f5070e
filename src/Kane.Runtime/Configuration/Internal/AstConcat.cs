namespace Kane.Configuration.Internal;

/// <summary>Two or more adjacent values (with the whitespace between them) forming one value.</summary>
internal sealed class AstConcat(IReadOnlyList<AstNode> parts, ConfigOrigin origin) : AstNode(origin)
{
    public IReadOnlyList<AstNode> Parts { get; } = parts;
}
