namespace Kane.Configuration;

/// <summary>Kane's defaults: <c>hocon/reference.conf</c>, embedded in Kane.Runtime at build time.</summary>
public static class KaneReference
{
    private static readonly Lazy<Config> s_reference = new(LoadEmbedded);

    /// <summary>The resolved reference configuration; the fallback under every user file.</summary>
    public static Config Config => s_reference.Value;

    /// <summary><paramref name="user"/> over the reference defaults.</summary>
    /// <remarks>
    /// <paramref name="user"/> was resolved on its own, so it cannot have referred to a default; use
    /// <see cref="Load"/> or <see cref="Parse"/> for files like <c>my.timeout = ${kane.actor.ask-timeout}</c>.
    /// </remarks>
    public static Config WithDefaults(Config user) => user.WithFallback(Config);

    /// <summary>
    /// Parses an application config file whose substitutions may refer to the defaults (including
    /// <c>kane.x = ${kane.x} [...]</c> and <c>kane.x += ...</c> extending a default) and returns it over the defaults.
    /// </summary>
    /// <exception cref="ConfigurationException">The file cannot be read, parsed or resolved.</exception>
    public static Config Load(string path) => WithDefaults(ConfigurationFactory.ParseFile(path, resolveAgainst: Config));

    /// <summary>As <see cref="Load"/>, for text; <paramref name="origin"/> names it in error messages (default <c>&lt;string&gt;</c>).</summary>
    /// <exception cref="ConfigurationException">The text cannot be parsed or resolved.</exception>
    public static Config Parse(string text, string? origin = null) =>
        WithDefaults(ConfigurationFactory.ParseString(text, origin, resolveAgainst: Config));

    private static Config LoadEmbedded()
    {
        using var stream = typeof(KaneReference).Assembly.GetManifestResourceStream("Kane.reference.conf")
            ?? throw new InvalidOperationException("Kane.Runtime was built without its embedded reference.conf (hocon/reference.conf).");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd(), "reference.conf");
    }
}
