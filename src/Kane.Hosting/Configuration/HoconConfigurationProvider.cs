using Kane.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kane.Hosting.Configuration;

/// <summary>
/// Serves a HOCON file as <see cref="IConfiguration"/> keys (<c>kane:actor:ask-timeout</c>), so environment variables
/// and command-line switches added after it override it in the usual .NET order.
/// </summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        var config = source.Config ?? LoadFile();
        Data = Flatten(config);
    }

    private Config LoadFile()
    {
        if (source.Path is null) return Config.Empty;
        if (!File.Exists(source.Path))
        {
            if (source.Optional) return Config.Empty;
            throw new FileNotFoundException($"The HOCON configuration file '{source.Path}' does not exist. Pass an existing file or mark it optional.", source.Path);
        }
        // Resolved against the defaults so that the file may refer to them (${kane.actor.ask-timeout}); only its own keys are served.
        return ConfigurationFactory.ParseFile(source.Path, KaneReference.Config);
    }

    /// <summary>Turns a resolved config into IConfiguration's flat, colon-separated keys; arrays become indexed keys.</summary>
    internal static Dictionary<string, string?> Flatten(Config config)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(data, null, config.Root);
        return data;
    }

    private static void Add(Dictionary<string, string?> data, string? prefix, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (key, child) in obj) Add(data, prefix is null ? key : $"{prefix}:{key}", child);
                break;
            case HoconArray array:
                for (var i = 0; i < array.Count; i++) Add(data, $"{prefix}:{i}", array[i]);
                break;
            case HoconScalar { Kind: HoconValueKind.Null }:
                data[prefix!] = null;
                break;
            case HoconScalar scalar:
                data[prefix!] = scalar.Text;
                break;
        }
    }
}

/// <summary>A HOCON file (or an already parsed config) as a configuration source.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    public string? Path { get; init; }

    public Config? Config { get; init; }

    public bool Optional { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
