using Kane.Configuration;

namespace Kane.Cluster.Tests;

public sealed class ClusterSettingsSpec
{
    private static ClusterSettings Read(string hocon) => ClusterSettings.FromConfig(ConfigurationFactory.ParseString(hocon));

    private static void AssertRejected(string hocon, string key)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Read(hocon));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Defaults_come_from_reference_conf()
    {
        var s = ClusterSettings.Default;

        Assert.Empty(s.SeedNodes);
        Assert.Equal(1, s.MinNrOfMembers);
        Assert.Equal(TimeSpan.FromSeconds(5), s.SeedNodeTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.GossipInterval);
        Assert.Equal(0.8, s.GossipDifferentViewProbability);
        Assert.Equal(400, s.ReduceGossipDifferentViewProbability);
        Assert.Equal(TimeSpan.FromSeconds(7), s.AllowWeaklyUpMembers);
        Assert.Null(s.ShutdownAfterUnsuccessfulJoinSeedNodes);
        Assert.True(s.RunCoordinatedShutdownWhenDown);
        Assert.Equal(8.0, s.FailureDetector.Threshold);
        Assert.Equal(9, s.FailureDetector.MonitoredByNrOfMembers);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), s.FailureDetector.AcceptableHeartbeatPause);
        var sbr = s.SplitBrainResolver!;
        Assert.Equal(DowningStrategyKind.KeepMajority, sbr.Strategy);
        Assert.Equal(TimeSpan.FromSeconds(1), sbr.StableAfter);
        Assert.Equal(TimeSpan.FromSeconds(4), sbr.DownAllWhenUnstable); // 3/4 of 1 s is below the 4 s floor
        Assert.Equal(sbr.StableAfter, sbr.DownRemovalMargin);
        Assert.True(sbr.DownIfAlone);
        Assert.Null(sbr.Role);
        Assert.Equal("kane-sbr", sbr.LeaseName);
        Assert.Equal(TimeSpan.FromSeconds(40), sbr.LeaseReleaseAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), sbr.AcquireLeaseDelayForMinority);
    }

    [Fact]
    public void Seed_nodes_roles_and_per_role_minimums_are_read()
    {
        var s = Read("""
            kane.cluster {
              seed-nodes = ["kane.tcp://kane@10.0.0.1:4053", "kane.tcp://kane@10.0.0.2:4053"]
              roles = [worker, web]
              role { worker.min-nr-of-members = 2 }
            }
            """);

        Assert.Equal([4053, 4053], s.SeedNodes.Select(a => a.Port!.Value));
        Assert.Equal("10.0.0.2", s.SeedNodes[1].Host);
        Assert.Equal(["web", "worker"], s.Roles);
        Assert.Equal(2, s.MinNrOfMembersPerRole["worker"]);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("kane.tcp://kane")]
    [InlineData("kane.tcp://kane@10.0.0.1")]
    public void A_bad_seed_address_is_rejected_naming_the_key(string seed)
    {
        AssertRejected($"kane.cluster.seed-nodes = [\"{seed}\"]", "kane.cluster.seed-nodes");
    }

    [Fact]
    public void A_downing_provider_typo_is_rejected_and_off_disables_the_resolver()
    {
        AssertRejected("kane.cluster.downing-provider = split-brain-resolvr", "kane.cluster.downing-provider");
        Assert.Null(Read("kane.cluster.downing-provider = off").SplitBrainResolver);
    }

    [Fact]
    public void An_unknown_strategy_is_rejected_naming_the_key()
    {
        AssertRejected("kane.cluster.split-brain-resolver.active-strategy = keep-majorty", "kane.cluster.split-brain-resolver.active-strategy");
    }

    [Fact]
    public void Static_quorum_without_a_quorum_size_is_rejected()
    {
        AssertRejected("kane.cluster.split-brain-resolver.active-strategy = static-quorum", "kane.cluster.split-brain-resolver.static-quorum.quorum-size");

        var s = Read("kane.cluster.split-brain-resolver { active-strategy = static-quorum, static-quorum { quorum-size = 3, role = db } }").SplitBrainResolver!;
        Assert.Equal(DowningStrategyKind.StaticQuorum, s.Strategy);
        Assert.Equal(3, s.QuorumSize);
        Assert.Equal("db", s.Role);
    }

    [Fact]
    public void Lease_majority_without_a_connection_string_is_rejected()
    {
        AssertRejected("kane.cluster.split-brain-resolver.active-strategy = lease-majority", "kane.cluster.split-brain-resolver.lease-majority.connection-string");

        var s = Read("kane.cluster.split-brain-resolver { active-strategy = lease-majority, lease-majority { connection-string = \"sqlite:/tmp/x.db\", release-after = 10s } }").SplitBrainResolver!;
        Assert.Equal("sqlite:/tmp/x.db", s.LeaseConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(10), s.LeaseReleaseAfter);
    }

    [Fact]
    public void Keep_oldest_reads_down_if_alone_and_its_role()
    {
        var s = Read("kane.cluster.split-brain-resolver { active-strategy = keep-oldest, keep-oldest { down-if-alone = off, role = seed } }").SplitBrainResolver!;

        Assert.Equal(DowningStrategyKind.KeepOldest, s.Strategy);
        Assert.False(s.DownIfAlone);
        Assert.Equal("seed", s.Role);
    }

    [Theory]
    [InlineData("on", 30_000)]
    [InlineData("true", 30_000)]
    [InlineData("off", null)]
    [InlineData("false", null)]
    [InlineData("12s", 12_000)]
    public void Down_all_when_unstable_is_on_off_or_a_duration(string value, int? expectedMs)
    {
        var s = Read($"kane.cluster.split-brain-resolver {{ stable-after = 40s, down-all-when-unstable = {value} }}").SplitBrainResolver!;

        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, s.DownAllWhenUnstable);
    }

    [Fact]
    public void Down_all_when_unstable_on_is_at_least_four_seconds()
    {
        var s = Read("kane.cluster.split-brain-resolver { stable-after = 2s, down-all-when-unstable = on }").SplitBrainResolver!;

        Assert.Equal(TimeSpan.FromSeconds(4), s.DownAllWhenUnstable);
    }

    [Fact]
    public void Down_removal_margin_off_equals_stable_after_and_a_duration_is_taken_as_is()
    {
        Assert.Equal(TimeSpan.FromSeconds(9), Read("kane.cluster.split-brain-resolver { stable-after = 9s, down-removal-margin = off }").SplitBrainResolver!.DownRemovalMargin);
        Assert.Equal(TimeSpan.FromSeconds(3), Read("kane.cluster.split-brain-resolver { stable-after = 9s, down-removal-margin = 3s }").SplitBrainResolver!.DownRemovalMargin);
    }

    [Theory]
    [InlineData("kane.cluster.min-nr-of-members = 0", "kane.cluster.min-nr-of-members")]
    [InlineData("kane.cluster.role { worker.min-nr-of-members = 0 }", "kane.cluster.role.worker.min-nr-of-members")]
    [InlineData("kane.cluster.gossip-interval = 0s", "kane.cluster.gossip-interval")]
    [InlineData("kane.cluster.seed-node-timeout = 0s", "kane.cluster.seed-node-timeout")]
    [InlineData("kane.cluster.leader-actions-interval = 0s", "kane.cluster.leader-actions-interval")]
    [InlineData("kane.cluster.gossip-different-view-probability = 1.5", "kane.cluster.gossip-different-view-probability")]
    [InlineData("kane.cluster.reduce-gossip-different-view-probability = 0", "kane.cluster.reduce-gossip-different-view-probability")]
    [InlineData("kane.cluster.periodic-tasks-initial-delay = -1s", "kane.cluster.periodic-tasks-initial-delay")]
    [InlineData("kane.cluster.failure-detector.threshold = 0", "kane.cluster.failure-detector.threshold")]
    [InlineData("kane.cluster.failure-detector.heartbeat-interval = 0s", "kane.cluster.failure-detector.heartbeat-interval")]
    [InlineData("kane.cluster.failure-detector.max-sample-size = 1", "kane.cluster.failure-detector.max-sample-size")]
    [InlineData("kane.cluster.failure-detector.min-std-deviation = 0s", "kane.cluster.failure-detector.min-std-deviation")]
    [InlineData("kane.cluster.failure-detector.acceptable-heartbeat-pause = -1s", "kane.cluster.failure-detector.acceptable-heartbeat-pause")]
    [InlineData("kane.cluster.failure-detector.monitored-by-nr-of-members = 0", "kane.cluster.failure-detector.monitored-by-nr-of-members")]
    [InlineData("kane.cluster.failure-detector.expected-response-after = 0s", "kane.cluster.failure-detector.expected-response-after")]
    [InlineData("kane.cluster.split-brain-resolver.stable-after = 0s", "kane.cluster.split-brain-resolver.stable-after")]
    [InlineData("kane.cluster.split-brain-resolver.down-removal-margin = -1s", "kane.cluster.split-brain-resolver.down-removal-margin")]
    [InlineData("kane.cluster.split-brain-resolver.down-all-when-unstable = -1s", "kane.cluster.split-brain-resolver.down-all-when-unstable")]
    [InlineData("kane.cluster.split-brain-resolver.lease-majority.release-after = 0s", "kane.cluster.split-brain-resolver.lease-majority.release-after")]
    [InlineData("kane.cluster.split-brain-resolver.lease-majority.acquire-lease-delay-for-minority = -1s", "kane.cluster.split-brain-resolver.lease-majority.acquire-lease-delay-for-minority")]
    public void Every_out_of_range_value_is_rejected_naming_its_key(string hocon, string key)
    {
        AssertRejected(hocon, key);
    }

    [Theory]
    [InlineData("kane.cluster.gossip-interval = soon", "kane.cluster.gossip-interval")]
    [InlineData("kane.cluster.min-nr-of-members = many", "kane.cluster.min-nr-of-members")]
    [InlineData("kane.cluster.split-brain-resolver.down-all-when-unstable = sometimes", "kane.cluster.split-brain-resolver.down-all-when-unstable")]
    [InlineData("kane.cluster.allow-weakly-up-members = later", "kane.cluster.allow-weakly-up-members")]
    public void A_value_of_the_wrong_kind_is_rejected_naming_its_key(string hocon, string key)
    {
        // Type errors are the configuration layer's ConfigurationException (as in runtime and remoting settings).
        var e = Assert.Throws<ConfigurationException>(() => Read(hocon));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Validate_checks_settings_built_in_code_too()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => (ClusterSettings.Default with { MinNrOfMembers = 0 }).Validate());
        Assert.Contains("kane.cluster.min-nr-of-members", e.Message);
    }
}
