using System.Reflection;

namespace Kane.Configuration;

/// <summary>Kane's defaults: <c>hocon/reference.conf</c>, embedded in Kane.Runtime at build time.</summary>
public static class KaneReference
{
    private static readonly Lazy<Config> s_reference = new(Load);

    /// <summary>The resolved reference configuration; the fallback under every user file.</summary>
    public static Config Config => s_reference.Value;

    /// <summary><paramref name="user"/> over the reference defaults.</summary>
    public static Config WithDefaults(Config user) => user.WithFallback(Config);

    private static Config Load()
    {
        using var stream = typeof(KaneReference).Assembly.GetManifestResourceStream("Kane.reference.conf")
            ?? throw new InvalidOperationException("Kane.Runtime was built without its embedded reference.conf (hocon/reference.conf).");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd(), "reference.conf");
    }
}
