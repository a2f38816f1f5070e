using Kane.Configuration.Internal;

namespace Kane.Configuration;

/// <summary>
/// Entry points that parse HOCON text and resolve all substitutions immediately, so that every
/// syntax, include and substitution error surfaces at parse time with its position.
/// </summary>
/// <remarks>
/// A substitution is looked up in the document itself first (its final, merged value, wherever in
/// the document that value was defined), then in the optional <c>resolveAgainst</c> config, then
/// in the environment. The result holds only the document's own settings: merge the fallback under
/// it with <see cref="Config.WithFallback"/> when both are wanted, as <see cref="KaneReference.Load"/> does.
/// </remarks>
public static class ConfigurationFactory
{
    /// <summary>A configuration with no settings.</summary>
    public static Config Empty => Config.Empty;

    /// <summary>
    /// Parses and resolves <paramref name="text"/>. <paramref name="origin"/> names the text in
    /// error messages (default <c>&lt;string&gt;</c>); relative includes resolve against the current directory.
    /// </summary>
    public static Config ParseString(string text, string? origin = null) => ParseString(text, origin, environment: null);

    /// <summary>
    /// Parses and resolves <paramref name="text"/>, using <paramref name="environment"/> for
    /// substitutions the document cannot resolve itself (an empty result counts as unset);
    /// default <see cref="Environment.GetEnvironmentVariable(string)"/>.
    /// </summary>
    public static Config ParseString(string text, string? origin, Func<string, string?>? environment) =>
        ParseString(text, origin, resolveAgainst: null, environment);

    /// <summary>
    /// Parses <paramref name="text"/> and resolves it against <paramref name="resolveAgainst"/>:
    /// a substitution the document does not define itself takes the fallback's value, and a
    /// self-reference such as <c>list = ${list} [x]</c> or <c>list += x</c> extends the fallback's value.
    /// The fallback's own values are used as they are, never re-resolved against the document.
    /// </summary>
    /// <param name="text">The HOCON document.</param>
    /// <param name="origin">Names the text in error messages; default <c>&lt;string&gt;</c>.</param>
    /// <param name="resolveAgainst">Consulted after the document and before the environment; null for none.</param>
    /// <param name="environment">Last resort for substitutions (an empty result counts as unset); default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="baseDirectory">
    /// Directory relative includes resolve against, for text a host read from a file itself;
    /// null means the current directory.
    /// </param>
    /// <returns>The document's settings only; the fallback is not merged in.</returns>
    public static Config ParseString(
        string text,
        string? origin,
        Config? resolveAgainst,
        Func<string, string?>? environment = null,
        string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = ParseContext.ForString(origin ?? "<string>", baseDirectory is null ? null : Path.GetFullPath(baseDirectory));
        return Resolve(Parser.ParseDocument(text, context), resolveAgainst, environment);
    }

    /// <summary>Parses and resolves a file; relative includes resolve against the file's directory.</summary>
    public static Config ParseFile(string path) => ParseFile(path, environment: null);

    /// <summary>As <see cref="ParseFile(string)"/>, with an explicit environment lookup for substitutions.</summary>
    public static Config ParseFile(string path, Func<string, string?>? environment) => ParseFile(path, resolveAgainst: null, environment);

    /// <summary>
    /// Parses a file and resolves it against <paramref name="resolveAgainst"/>, with the precedence of
    /// <see cref="ParseString(string, string?, Config?, Func{string, string?}?, string?)"/>; relative
    /// includes resolve against the file's directory.
    /// </summary>
    /// <returns>The file's settings only; the fallback is not merged in.</returns>
    public static Config ParseFile(string path, Config? resolveAgainst, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"could not read config file '{path}': {e.Message}", new ConfigOrigin(path, 0, 0), null, e);
        }

        return Resolve(Parser.ParseDocument(text, ParseContext.ForFile(path, fullPath)), resolveAgainst, environment);
    }

    private static Config Resolve(AstObject document, Config? resolveAgainst, Func<string, string?>? environment) =>
        new(Resolver.Resolve(document, resolveAgainst?.Root, environment ?? Environment.GetEnvironmentVariable));
}
