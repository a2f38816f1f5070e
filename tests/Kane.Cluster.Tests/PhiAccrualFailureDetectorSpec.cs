using Kane.Cluster.FailureDetection;

namespace Kane.Cluster.Tests;

public sealed class PhiAccrualFailureDetectorSpec
{
    private long _now = 1_000_000;

    private PhiAccrualFailureDetector Detector(double threshold = 8.0, int maxSamples = 1000, int minStdMs = 100, int pauseMs = 0, int firstMs = 1000) =>
        new(threshold, maxSamples, TimeSpan.FromMilliseconds(minStdMs), TimeSpan.FromMilliseconds(pauseMs), TimeSpan.FromMilliseconds(firstMs), () => _now);

    private void HeartbeatsEvery(PhiAccrualFailureDetector d, int intervalMs, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _now += intervalMs;
            d.Heartbeat();
        }
    }

    [Fact]
    public void A_detector_that_never_heard_a_heartbeat_is_not_monitoring_and_reports_available()
    {
        var d = Detector();

        Assert.False(d.IsMonitoring);
        Assert.True(d.IsAvailable);
        Assert.Equal(0.0, d.CurrentPhi);
    }

    [Fact]
    public void Phi_rises_monotonically_with_silence_after_the_last_heartbeat()
    {
        var d = Detector();
        HeartbeatsEvery(d, 1000, 10);

        var phis = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            _now += 500;
            phis.Add(d.CurrentPhi);
        }

        Assert.Equal(phis.Order(), phis);
        Assert.True(phis[^1] > phis[0]);
    }

    [Fact]
    public void Regular_heartbeats_keep_the_node_available_and_a_long_silence_makes_it_unavailable()
    {
        var d = Detector();
        HeartbeatsEvery(d, 1000, 20);

        _now += 1000;
        Assert.True(d.IsAvailable);
        Assert.True(d.CurrentPhi < 1.0);

        _now += 4000;
        Assert.False(d.IsAvailable);
        Assert.True(d.CurrentPhi >= 8.0);
    }

    [Fact]
    public void A_heartbeat_after_silence_makes_the_node_available_again()
    {
        var d = Detector();
        HeartbeatsEvery(d, 1000, 10);
        _now += 10_000;
        Assert.False(d.IsAvailable);

        d.Heartbeat();

        Assert.True(d.IsAvailable);
    }

    [Fact]
    public void The_acceptable_pause_shifts_the_point_where_phi_crosses_the_threshold()
    {
        var strict = Detector(pauseMs: 0);
        var tolerant = Detector(pauseMs: 3000);
        HeartbeatsEvery(strict, 1000, 10);
        _now -= 10_000;
        HeartbeatsEvery(tolerant, 1000, 10);

        _now += 3500;

        Assert.False(strict.IsAvailable);
        Assert.True(tolerant.IsAvailable);
        Assert.True(tolerant.CurrentPhi < strict.CurrentPhi);
        _now += 3000;
        Assert.False(tolerant.IsAvailable);
    }

    [Fact]
    public void A_lower_threshold_gives_up_on_a_node_sooner()
    {
        var eager = Detector(threshold: 1.0);
        var patient = Detector(threshold: 8.0);
        eager.Heartbeat();
        patient.Heartbeat();
        HeartbeatsEvery(eager, 1000, 5);
        _now -= 5000;
        HeartbeatsEvery(patient, 1000, 5);

        _now += 1500;

        Assert.False(eager.IsAvailable);
        Assert.True(patient.IsAvailable);
    }

    [Fact]
    public void The_first_heartbeat_estimate_defines_phi_before_any_interval_was_measured()
    {
        var d = Detector(firstMs: 1000);
        d.Heartbeat();

        _now += 800;
        Assert.True(d.IsAvailable);
        _now += 5000;
        Assert.False(d.IsAvailable);
    }

    [Fact]
    public void An_outage_is_not_learned_as_a_normal_interval()
    {
        var d = Detector();
        HeartbeatsEvery(d, 1000, 10);
        _now += 60_000; // the node was gone for a minute
        d.Heartbeat();

        _now += 4000;

        Assert.False(d.IsAvailable); // had the 60 s gap been sampled, 4 s of silence would look normal
    }

    [Fact]
    public void Phi_is_small_before_the_mean_and_grows_steeply_after_it()
    {
        Assert.True(PhiAccrualFailureDetector.PhiOf(500, 1000, 100) < 0.01);
        Assert.InRange(PhiAccrualFailureDetector.PhiOf(1000, 1000, 100), 0.29, 0.31); // -log10(0.5)
        Assert.InRange(PhiAccrualFailureDetector.PhiOf(1500, 1000, 100), 7.0, 8.0); // five deviations late
        Assert.True(PhiAccrualFailureDetector.PhiOf(1600, 1000, 100) > 8.0);
    }
}

public sealed class HeartbeatNodeRingSpec
{
    private static readonly UniqueAddress[] Nodes = Enumerable.Range(1, 6).Select(i => TestNodes.Node(i)).ToArray();

    private static readonly IReadOnlySet<UniqueAddress> None = new HashSet<UniqueAddress>();

    [Fact]
    public void Each_node_heartbeats_the_next_N_nodes_on_the_ring_ordered_by_uid()
    {
        Assert.Equal([Nodes[1], Nodes[2]], HeartbeatNodeRing.Receivers(Nodes[0], Nodes, None, 2));
        Assert.Equal([Nodes[5], Nodes[0]], HeartbeatNodeRing.Receivers(Nodes[4], Nodes, None, 2));
    }

    [Fact]
    public void The_ring_follows_the_uid_not_the_address()
    {
        var low = TestNodes.Node(9, uid: 1);
        var high = TestNodes.Node(1, uid: 100);
        var mid = TestNodes.Node(5, uid: 50);

        Assert.Equal([mid], HeartbeatNodeRing.Receivers(low, [low, high, mid], None, 1));
        Assert.Equal([low], HeartbeatNodeRing.Receivers(high, [low, high, mid], None, 1));
    }

    [Fact]
    public void A_node_never_heartbeats_itself_and_small_clusters_monitor_everyone_else()
    {
        var receivers = HeartbeatNodeRing.Receivers(Nodes[2], Nodes, None, 9);

        Assert.Equal(5, receivers.Count);
        Assert.DoesNotContain(Nodes[2], receivers);
    }

    [Fact]
    public void Unreachable_nodes_on_the_way_are_monitored_in_addition_to_N_reachable_ones()
    {
        var unreachable = new HashSet<UniqueAddress> { Nodes[1], Nodes[2] };

        Assert.Equal([Nodes[1], Nodes[2], Nodes[3], Nodes[4]], HeartbeatNodeRing.Receivers(Nodes[0], Nodes, unreachable, 2));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 9)]
    [InlineData(12, 4)]
    public void Monitoring_spreads_so_every_node_is_watched_by_min_of_N_and_n_minus_1_others(int n, int monitoredBy)
    {
        var nodes = Enumerable.Range(1, n).Select(i => TestNodes.Node(100 + i, uid: (i * 7919L) % 1009)).ToArray();

        var watchers = nodes.ToDictionary(x => x, _ => 0);
        foreach (var self in nodes)
            foreach (var target in HeartbeatNodeRing.Receivers(self, nodes, None, monitoredBy))
                watchers[target]++;

        Assert.All(watchers.Values, count => Assert.Equal(Math.Min(monitoredBy, n - 1), count));
    }
}

public sealed class FailureDetectorRegistrySpec
{
    private long _now = 1_000_000;

    private PhiAccrualFailureDetector Detector(int pauseMs) =>
        new(8.0, 1000, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(pauseMs), TimeSpan.FromMilliseconds(1000), () => _now);

    [Fact]
    public void A_refused_connection_makes_a_monitored_node_unavailable_until_its_next_heartbeat_answer()
    {
        var registry = new FailureDetectorRegistry(() => Detector(pauseMs: 60_000));
        var node = new UniqueAddress(new Kane.Actor.Address("kane.tcp", "kane", "127.0.0.1", 1), 7);
        Assert.False(registry.Refused(node)); // never heard from: nothing to judge yet
        Assert.True(registry.IsAvailable(node));
        registry.Heartbeat(node);
        _now += 100;
        registry.Heartbeat(node);
        Assert.True(registry.IsAvailable(node));
        Assert.True(registry.Refused(node));
        Assert.False(registry.Refused(node)); // already counted
        Assert.False(registry.IsAvailable(node)); // however recent its last heartbeat
        _now += 100;
        registry.Heartbeat(node);
        Assert.True(registry.IsAvailable(node));
    }
}
