namespace Kane.Configuration.Internal;

/// <summary>A string, number, boolean or null that needs no resolution.</summary>
internal sealed class AstLiteral(HoconScalar value) : AstNode(value.Origin)
{
    public HoconScalar Value { get; } = value;

    /// <summary>True for unquoted text, which may still turn out to be a boolean or null.</summary>
    public bool Unquoted { get; init; }
}
