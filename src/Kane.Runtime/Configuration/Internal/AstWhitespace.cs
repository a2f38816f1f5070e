namespace Kane.Configuration.Internal;

/// <summary>Whitespace between two parts of a value concatenation; kept only when the result is a string.</summary>
internal sealed class AstWhitespace(string text, ConfigOrigin origin) : AstNode(origin)
{
    public string Text { get; } = text;
}
