using Kane.Configuration;

namespace Kane.Cluster.Singleton;

/// <summary>The <c>kane.cluster.singleton</c> section: where a <see cref="ClusterSingletonManager"/> runs its singleton and how it hands it over.</summary>
public sealed record ClusterSingletonSettings
{
    public static readonly ClusterSingletonSettings Default = FromConfig(Config.Empty);

    /// <summary>The singleton's name under its manager (<c>/user/MANAGER/NAME</c>).</summary>
    /// <value>singleton</value>
    public string SingletonName { get; init; } = "singleton";

    /// <summary>Only members with this role run the singleton; null = any member.</summary>
    public string? Role { get; init; }

    /// <value>1s</value>
    public TimeSpan HandOverRetryInterval { get; init; }

    /// <value>15</value>
    public int MinNumberOfHandOverRetries { get; init; }

    /// <summary>The wait after a downed oldest was removed when the cluster has no split brain resolver (which brings its own margin).</summary>
    /// <value>0s</value>
    public TimeSpan RemovalMargin { get; init; }

    /// <summary>Reads <c>kane.cluster.singleton</c> of <paramref name="config"/> over the reference defaults.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static ClusterSingletonSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.cluster.singleton");
        var role = c.GetString("role");
        return new ClusterSingletonSettings
        {
            Role = string.IsNullOrEmpty(role) ? null : role,
            HandOverRetryInterval = c.GetTimeSpan("hand-over-retry-interval"),
            MinNumberOfHandOverRetries = c.GetInt("min-number-of-hand-over-retries"),
            RemovalMargin = c.GetTimeSpan("removal-margin"),
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    public ClusterSingletonSettings Validate()
    {
        InvalidSetting.Require(!string.IsNullOrWhiteSpace(SingletonName) && !SingletonName.Contains('/'), "kane.cluster.singleton (singleton name)", SingletonName, "must be a non-empty actor name without '/'");
        InvalidSetting.Require(HandOverRetryInterval > TimeSpan.Zero, "kane.cluster.singleton.hand-over-retry-interval", HandOverRetryInterval, "must be positive");
        InvalidSetting.Require(MinNumberOfHandOverRetries >= 1, "kane.cluster.singleton.min-number-of-hand-over-retries", MinNumberOfHandOverRetries, "must be at least 1");
        InvalidSetting.Require(RemovalMargin >= TimeSpan.Zero, "kane.cluster.singleton.removal-margin", RemovalMargin, "must not be negative");
        return this;
    }

    /// <summary>The margin in force: the split brain resolver's down-removal-margin, or <see cref="RemovalMargin"/> without one.</summary>
    internal TimeSpan EffectiveRemovalMargin(ClusterSettings cluster) => cluster.SplitBrainResolver?.DownRemovalMargin ?? RemovalMargin;

    /// <summary>max(min-number-of-hand-over-retries, margin / interval + 3), as the reference does.</summary>
    internal int HandOverRetries(TimeSpan margin) => Math.Max(MinNumberOfHandOverRetries, (int)(margin / HandOverRetryInterval) + 3);
}
