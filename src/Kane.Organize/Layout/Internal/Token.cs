namespace Kane.Organize.Layout.Internal;

internal enum Token
{
    Category,
    Year,
    Month,
    Day,
    Camera,
    Name,
    Extension,
    SizeClass,
}

/// <summary>A piece of a path segment: literal text, or a token to substitute.</summary>
internal readonly record struct Part(string? Literal, Token Token)
{
    public static Part Text(string literal) => new(literal, default);

    public static Part Of(Token token) => new(null, token);
}

internal static class Tokens
{
    /// <summary>Token names as written between braces; case matters (<c>MM</c> is the month).</summary>
    public static readonly IReadOnlyDictionary<string, Token> ByName = new Dictionary<string, Token>(StringComparer.Ordinal)
    {
        ["category"] = Token.Category,
        ["yyyy"] = Token.Year,
        ["MM"] = Token.Month,
        ["dd"] = Token.Day,
        ["camera"] = Token.Camera,
        ["name"] = Token.Name,
        ["ext"] = Token.Extension,
        ["sizeclass"] = Token.SizeClass,
    };

    public static string ValidList => string.Join(", ", ByName.Keys.Select(k => "{" + k + "}"));
}
