namespace Kane.Configuration.Internal;

/// <summary>
/// One lexical element. <see cref="Text"/> is the unescaped content for quoted strings, the literal
/// text otherwise; substitutions also carry their parsed path.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, ConfigOrigin Origin)
{
    public bool Optional { get; init; }

    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>How the token is named in "found X" parts of error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Newline => "newline",
        TokenKind.Whitespace => "whitespace",
        TokenKind.QuotedString => $"quoted string \"{Text}\"",
        TokenKind.Substitution => $"substitution {Text}",
        _ => $"'{Text}'",
    };
}
