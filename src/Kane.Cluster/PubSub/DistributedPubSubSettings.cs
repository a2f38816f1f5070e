using Kane.Configuration;

namespace Kane.Cluster.PubSub;

/// <summary>How <see cref="Send"/> picks one of several actors registered under a path.</summary>
public enum PubSubRoutingLogic
{
    Random,
    RoundRobin,
}

/// <summary>The <c>kane.cluster.pub-sub</c> section: the distributed publish-subscribe mediator.</summary>
public sealed record DistributedPubSubSettings
{
    public static readonly DistributedPubSubSettings Default = FromConfig(Config.Empty);

    /// <value>1s</value>
    public TimeSpan GossipInterval { get; init; }

    /// <summary>How long removal marks of topics and actors are kept so that the removal replicates.</summary>
    /// <value>120s</value>
    public TimeSpan RemovedTimeToLive { get; init; }

    /// <summary>Registry entries per gossip message at most.</summary>
    /// <value>3000</value>
    public int MaxDeltaElements { get; init; }

    /// <value>Random</value>
    public PubSubRoutingLogic RoutingLogic { get; init; }

    /// <summary>Reads <c>kane.cluster.pub-sub</c> of <paramref name="config"/> over the reference defaults.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static DistributedPubSubSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.cluster.pub-sub");
        var logic = c.GetString("routing-logic");
        return new DistributedPubSubSettings
        {
            GossipInterval = c.GetTimeSpan("gossip-interval"),
            RemovedTimeToLive = c.GetTimeSpan("removed-time-to-live"),
            MaxDeltaElements = c.GetInt("max-delta-elements"),
            RoutingLogic = logic switch
            {
                "random" => PubSubRoutingLogic.Random,
                "round-robin" => PubSubRoutingLogic.RoundRobin,
                _ => throw InvalidSetting.Error("kane.cluster.pub-sub.routing-logic", logic, "must be random or round-robin"),
            },
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    public DistributedPubSubSettings Validate()
    {
        InvalidSetting.Require(GossipInterval > TimeSpan.Zero, "kane.cluster.pub-sub.gossip-interval", GossipInterval, "must be positive");
        InvalidSetting.Require(RemovedTimeToLive > TimeSpan.Zero, "kane.cluster.pub-sub.removed-time-to-live", RemovedTimeToLive, "must be positive");
        InvalidSetting.Require(MaxDeltaElements >= 1, "kane.cluster.pub-sub.max-delta-elements", MaxDeltaElements, "must be at least 1");
        return this;
    }
}
