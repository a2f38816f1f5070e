using Kane.Configuration;

namespace Kane.Cluster.Sharding;

/// <summary>The <c>kane.cluster.sharding</c> section: where shards live, how long hand-offs wait, passivation and remember-entities.</summary>
public sealed record ClusterShardingSettings
{
    public static readonly ClusterShardingSettings Default = FromConfig(Config.Empty);

    /// <summary>Only members with this role host shards (and run the coordinator); null = any member.</summary>
    public string? Role { get; init; }

    /// <summary>Journal the entities each shard started and restart them where the shard starts next.</summary>
    /// <value>false</value>
    public bool RememberEntities { get; init; }

    /// <summary>Stop an entity after this long without a message through sharding; zero = never (also when remembering entities).</summary>
    /// <value>120s</value>
    public TimeSpan PassivateIdleEntityAfter { get; init; }

    /// <summary>Messages a region keeps, over all shards, while their home is unknown; beyond that they go to dead letters.</summary>
    /// <value>100000</value>
    public int BufferSize { get; init; }

    /// <value>60s</value>
    public TimeSpan HandOffTimeout { get; init; }

    /// <value>2s</value>
    public TimeSpan RetryInterval { get; init; }

    /// <value>10s</value>
    public TimeSpan ShardStartTimeout { get; init; }

    /// <value>10s</value>
    public TimeSpan RebalanceInterval { get; init; }

    /// <value>10s</value>
    public TimeSpan EntityRestartBackoff { get; init; }

    /// <summary>Remembered entities restarted per <see cref="RememberEntitiesPacingInterval"/> when a shard starts.</summary>
    /// <value>5</value>
    public int RememberEntitiesPacingEntities { get; init; }

    /// <value>100ms</value>
    public TimeSpan RememberEntitiesPacingInterval { get; init; }

    /// <value>20</value>
    public int RebalanceAbsoluteLimit { get; init; }

    /// <value>0.1</value>
    public double RebalanceRelativeLimit { get; init; }

    /// <summary>Reads <c>kane.cluster.sharding</c> of <paramref name="config"/> over the reference defaults.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static ClusterShardingSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.cluster.sharding");
        var role = c.GetString("role");
        return new ClusterShardingSettings
        {
            Role = string.IsNullOrEmpty(role) ? null : role,
            RememberEntities = c.GetBoolean("remember-entities"),
            PassivateIdleEntityAfter = c.GetTimeSpan("passivate-idle-entity-after"),
            BufferSize = c.GetInt("buffer-size"),
            HandOffTimeout = c.GetTimeSpan("handoff-timeout"),
            RetryInterval = c.GetTimeSpan("retry-interval"),
            ShardStartTimeout = c.GetTimeSpan("shard-start-timeout"),
            RebalanceInterval = c.GetTimeSpan("rebalance-interval"),
            EntityRestartBackoff = c.GetTimeSpan("entity-restart-backoff"),
            RememberEntitiesPacingEntities = c.GetInt("remember-entities-pacing.entities"),
            RememberEntitiesPacingInterval = c.GetTimeSpan("remember-entities-pacing.interval"),
            RebalanceAbsoluteLimit = c.GetInt("least-shard-allocation-strategy.rebalance-absolute-limit"),
            RebalanceRelativeLimit = c.GetDouble("least-shard-allocation-strategy.rebalance-relative-limit"),
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    public ClusterShardingSettings Validate()
    {
        const string s = "kane.cluster.sharding.";
        InvalidSetting.Require(PassivateIdleEntityAfter >= TimeSpan.Zero, s + "passivate-idle-entity-after", PassivateIdleEntityAfter, "must not be negative");
        InvalidSetting.Require(BufferSize is >= 0 and <= 10_000_000, s + "buffer-size", BufferSize, "must be between 0 and 10000000");
        InvalidSetting.Require(HandOffTimeout > TimeSpan.Zero, s + "handoff-timeout", HandOffTimeout, "must be positive");
        InvalidSetting.Require(RetryInterval > TimeSpan.Zero, s + "retry-interval", RetryInterval, "must be positive");
        InvalidSetting.Require(ShardStartTimeout > TimeSpan.Zero, s + "shard-start-timeout", ShardStartTimeout, "must be positive");
        InvalidSetting.Require(RebalanceInterval > TimeSpan.Zero, s + "rebalance-interval", RebalanceInterval, "must be positive");
        InvalidSetting.Require(EntityRestartBackoff >= TimeSpan.Zero, s + "entity-restart-backoff", EntityRestartBackoff, "must not be negative");
        InvalidSetting.Require(RememberEntitiesPacingEntities >= 1, s + "remember-entities-pacing.entities", RememberEntitiesPacingEntities, "must be at least 1");
        InvalidSetting.Require(RememberEntitiesPacingInterval > TimeSpan.Zero, s + "remember-entities-pacing.interval", RememberEntitiesPacingInterval, "must be positive");
        InvalidSetting.Require(RebalanceAbsoluteLimit >= 1, s + "least-shard-allocation-strategy.rebalance-absolute-limit", RebalanceAbsoluteLimit, "must be at least 1");
        InvalidSetting.Require(RebalanceRelativeLimit is > 0 and <= 1, s + "least-shard-allocation-strategy.rebalance-relative-limit", RebalanceRelativeLimit, "must be in (0, 1]");
        return this;
    }

    /// <summary>Idle passivation in force: off when remembering entities or when the interval is zero.</summary>
    internal bool IdlePassivationEnabled => !RememberEntities && PassivateIdleEntityAfter > TimeSpan.Zero;
}
