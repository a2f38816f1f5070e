using Kane.Configuration;

namespace Kane.Cluster.Singleton;

/// <summary>The <c>kane.cluster.singleton-proxy</c> section, plus the role the singleton runs on.</summary>
public sealed record ClusterSingletonProxySettings
{
    public static readonly ClusterSingletonProxySettings Default = FromConfig(Config.Empty);

    /// <summary>The role the singleton runs on; null = any member. Must match the manager's.</summary>
    public string? Role { get; init; }

    /// <value>1s</value>
    public TimeSpan SingletonIdentificationInterval { get; init; }

    /// <summary>Messages kept while the singleton is unknown or moving; full drops the oldest to dead letters; 0 = none kept.</summary>
    /// <value>1000</value>
    public int BufferSize { get; init; }

    /// <summary>Reads <c>kane.cluster.singleton-proxy</c> (and the role of <c>kane.cluster.singleton</c>) over the reference defaults.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static ClusterSingletonProxySettings FromConfig(Config config)
    {
        var all = KaneReference.WithDefaults(config);
        var c = all.GetConfig("kane.cluster.singleton-proxy");
        var role = all.GetConfig("kane.cluster.singleton").GetString("role");
        return new ClusterSingletonProxySettings
        {
            Role = string.IsNullOrEmpty(role) ? null : role,
            SingletonIdentificationInterval = c.GetTimeSpan("singleton-identification-interval"),
            BufferSize = c.GetInt("buffer-size"),
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    public ClusterSingletonProxySettings Validate()
    {
        InvalidSetting.Require(SingletonIdentificationInterval > TimeSpan.Zero, "kane.cluster.singleton-proxy.singleton-identification-interval", SingletonIdentificationInterval, "must be positive");
        InvalidSetting.Require(BufferSize is >= 0 and <= 1_000_000, "kane.cluster.singleton-proxy.buffer-size", BufferSize, "must be between 0 and 1000000");
        return this;
    }
}
