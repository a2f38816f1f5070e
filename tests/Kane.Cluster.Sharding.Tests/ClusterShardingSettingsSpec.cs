using Kane.Configuration;

namespace Kane.Cluster.Sharding.Tests;

public sealed class ClusterShardingSettingsSpec
{
    [Fact]
    public void Defaults_come_from_reference_conf()
    {
        var s = ClusterShardingSettings.Default;
        Assert.Null(s.Role);
        Assert.False(s.RememberEntities);
        Assert.Equal(TimeSpan.FromSeconds(120), s.PassivateIdleEntityAfter);
        Assert.Equal(100_000, s.BufferSize);
        Assert.Equal(TimeSpan.FromSeconds(60), s.HandOffTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), s.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), s.ShardStartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), s.RebalanceInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), s.EntityRestartBackoff);
        Assert.Equal(5, s.RememberEntitiesPacingEntities);
        Assert.Equal(TimeSpan.FromMilliseconds(100), s.RememberEntitiesPacingInterval);
        Assert.Equal(20, s.RebalanceAbsoluteLimit);
        Assert.Equal(0.1, s.RebalanceRelativeLimit);
    }

    [Fact]
    public void Configuration_overrides_the_defaults_and_remember_entities_turns_idle_passivation_off()
    {
        var s = ClusterShardingSettings.FromConfig(ConfigurationFactory.ParseString(
            "kane.cluster.sharding { role = workers, remember-entities = on, buffer-size = 7, remember-entities-pacing.entities = 2 }"));
        Assert.Equal("workers", s.Role);
        Assert.True(s.RememberEntities);
        Assert.Equal(7, s.BufferSize);
        Assert.Equal(2, s.RememberEntitiesPacingEntities);
        Assert.False(s.IdlePassivationEnabled);
        Assert.True(ClusterShardingSettings.Default.IdlePassivationEnabled);
    }

    [Fact]
    public void A_bad_value_is_rejected_with_its_key()
    {
        var e = Assert.Throws<ArgumentException>(() => (ClusterShardingSettings.Default with { HandOffTimeout = TimeSpan.Zero }).Validate());
        Assert.Contains("kane.cluster.sharding.handoff-timeout", e.Message);
        e = Assert.Throws<ArgumentException>(() => ClusterShardingSettings.FromConfig(ConfigurationFactory.ParseString("kane.cluster.sharding.buffer-size = -1")));
        Assert.Contains("kane.cluster.sharding.buffer-size", e.Message);
    }
}
