namespace Kane.Configuration.Internal;

internal sealed class AstArray(IReadOnlyList<AstNode> elements, ConfigOrigin origin) : AstNode(origin)
{
    public IReadOnlyList<AstNode> Elements { get; } = elements;
}
