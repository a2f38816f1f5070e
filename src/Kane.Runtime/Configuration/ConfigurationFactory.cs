using Kane.Configuration.Internal;

namespace Kane.Configuration;

/// <summary>
/// Entry points that parse HOCON text and resolve all substitutions immediately, so that every
/// syntax, include and substitution error surfaces at parse time with its position.
/// </summary>
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
    public static Config ParseString(string text, string? origin, Func<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = Parser.ParseDocument(text, ParseContext.ForString(origin ?? "<string>"));
        return new Config(Resolver.Resolve(document, environment ?? Environment.GetEnvironmentVariable));
    }

    /// <summary>Parses and resolves a file; relative includes resolve against the file's directory.</summary>
    public static Config ParseFile(string path) => ParseFile(path, environment: null);

    /// <summary>As <see cref="ParseFile(string)"/>, with an explicit environment lookup for substitutions.</summary>
    public static Config ParseFile(string path, Func<string, string?>? environment)
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

        var document = Parser.ParseDocument(text, ParseContext.ForFile(path, fullPath));
        return new Config(Resolver.Resolve(document, environment ?? Environment.GetEnvironmentVariable));
    }
}
