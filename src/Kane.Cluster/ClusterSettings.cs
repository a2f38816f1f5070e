using System.Collections.Immutable;
using Kane.Actor;
using Kane.Configuration;

namespace Kane.Cluster;

/// <summary>The <c>kane.cluster</c> section: membership, gossip, failure detection and downing.</summary>
public sealed record ClusterSettings
{
    public static readonly ClusterSettings Default = FromConfig(Config.Empty);

    /// <summary>Addresses to join; the first one alone may form a new cluster.</summary>
    public ImmutableArray<Address> SeedNodes { get; init; } = [];

    public ImmutableSortedSet<string> Roles { get; init; } = ImmutableSortedSet<string>.Empty;

    public string AppVersion { get; init; } = "0.0.0";

    public int MinNrOfMembers { get; init; } = 1;

    public ImmutableDictionary<string, int> MinNrOfMembersPerRole { get; init; } = ImmutableDictionary<string, int>.Empty;

    public TimeSpan SeedNodeTimeout { get; init; }

    public TimeSpan RetryUnsuccessfulJoinAfter { get; init; }

    /// <summary>Null: retry forever.</summary>
    public TimeSpan? ShutdownAfterUnsuccessfulJoinSeedNodes { get; init; }

    public TimeSpan PeriodicTasksInitialDelay { get; init; }

    public TimeSpan GossipInterval { get; init; }

    public double GossipDifferentViewProbability { get; init; }

    public int ReduceGossipDifferentViewProbability { get; init; }

    public TimeSpan LeaderActionsInterval { get; init; }

    public TimeSpan UnreachableNodesReaperInterval { get; init; }

    /// <summary>Null: WeaklyUp is off.</summary>
    public TimeSpan? AllowWeaklyUpMembers { get; init; }

    public TimeSpan PruneGossipTombstonesAfter { get; init; }

    public bool RunCoordinatedShutdownWhenDown { get; init; }

    public TimeSpan LoadSampleInterval { get; init; }

    public FailureDetectorSettings FailureDetector { get; init; } = null!;

    /// <summary>Null when <c>downing-provider = off</c>.</summary>
    public SplitBrainResolverSettings? SplitBrainResolver { get; init; }

    /// <summary>Reads <c>kane.cluster</c> of <paramref name="config"/> over the reference defaults and validates it.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key and how to fix it.</exception>
    /// <exception cref="ConfigurationException">A value has the wrong type; the message names the key and its position.</exception>
    public static ClusterSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.cluster");
        var perRole = c.GetConfig("role").Root
            .Where(kv => kv.Value is HoconObject)
            .ToImmutableDictionary(kv => kv.Key, kv => c.GetConfig("role").GetConfig(kv.Key).GetInt("min-nr-of-members", 1));
        var downing = c.GetString("downing-provider");
        if (downing is not ("split-brain-resolver" or "off"))
            throw Bad("downing-provider", downing, "must be split-brain-resolver or off");
        return new ClusterSettings
        {
            SeedNodes = [.. c.GetStringList("seed-nodes").Select(s => ParseSeed(s, "seed-nodes"))],
            Roles = c.GetStringList("roles").ToImmutableSortedSet(StringComparer.Ordinal),
            AppVersion = c.GetString("app-version"),
            MinNrOfMembers = c.GetInt("min-nr-of-members"),
            MinNrOfMembersPerRole = perRole,
            SeedNodeTimeout = c.GetTimeSpan("seed-node-timeout"),
            RetryUnsuccessfulJoinAfter = c.GetTimeSpan("retry-unsuccessful-join-after"),
            ShutdownAfterUnsuccessfulJoinSeedNodes = OptionalDuration(c, "shutdown-after-unsuccessful-join-seed-nodes"),
            PeriodicTasksInitialDelay = c.GetTimeSpan("periodic-tasks-initial-delay"),
            GossipInterval = c.GetTimeSpan("gossip-interval"),
            GossipDifferentViewProbability = c.GetDouble("gossip-different-view-probability"),
            ReduceGossipDifferentViewProbability = c.GetInt("reduce-gossip-different-view-probability"),
            LeaderActionsInterval = c.GetTimeSpan("leader-actions-interval"),
            UnreachableNodesReaperInterval = c.GetTimeSpan("unreachable-nodes-reaper-interval"),
            AllowWeaklyUpMembers = OptionalDuration(c, "allow-weakly-up-members"),
            PruneGossipTombstonesAfter = c.GetTimeSpan("prune-gossip-tombstones-after"),
            RunCoordinatedShutdownWhenDown = c.GetBoolean("run-coordinated-shutdown-when-down"),
            LoadSampleInterval = c.GetTimeSpan("load-sample-interval"),
            FailureDetector = FailureDetectorSettings.Read(c.GetConfig("failure-detector")),
            SplitBrainResolver = downing == "off" ? null : SplitBrainResolverSettings.Read(c.GetConfig("split-brain-resolver")),
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    public ClusterSettings Validate()
    {
        InvalidSetting.Require(MinNrOfMembers >= 1, "kane.cluster.min-nr-of-members", MinNrOfMembers, "must be at least 1");
        foreach (var (role, n) in MinNrOfMembersPerRole)
            InvalidSetting.Require(n >= 1, $"kane.cluster.role.{role}.min-nr-of-members", n, "must be at least 1");
        Positive(SeedNodeTimeout, "seed-node-timeout");
        Positive(RetryUnsuccessfulJoinAfter, "retry-unsuccessful-join-after");
        Positive(GossipInterval, "gossip-interval");
        Positive(LeaderActionsInterval, "leader-actions-interval");
        Positive(UnreachableNodesReaperInterval, "unreachable-nodes-reaper-interval");
        Positive(LoadSampleInterval, "load-sample-interval");
        InvalidSetting.Require(PeriodicTasksInitialDelay >= TimeSpan.Zero, "kane.cluster.periodic-tasks-initial-delay", PeriodicTasksInitialDelay, "must not be negative");
        InvalidSetting.Require(GossipDifferentViewProbability is >= 0 and <= 1, "kane.cluster.gossip-different-view-probability", GossipDifferentViewProbability, "must be between 0 and 1");
        InvalidSetting.Require(ReduceGossipDifferentViewProbability >= 1, "kane.cluster.reduce-gossip-different-view-probability", ReduceGossipDifferentViewProbability, "must be positive");
        FailureDetector.Validate();
        SplitBrainResolver?.Validate();
        return this;
    }

    /// <summary>A seed given as <c>kane.tcp://system@host:port</c>.</summary>
    /// <exception cref="ArgumentException">Not a full remote address.</exception>
    public static Address ParseSeed(string text, string key = "seed-nodes") =>
        text.Contains("://", StringComparison.Ordinal) && ClusterAddress.TryParse(text, "", out var address)
            ? address
            : throw Bad(key, text, "must be a full address with host and port, such as kane.tcp://kane@10.0.0.1:4053");

    internal static TimeSpan? OptionalDuration(Config c, string key) =>
        c.GetValue(key) is HoconScalar { Text: "off" or "false" } ? null : c.GetTimeSpan(key);

    private static void Positive(TimeSpan value, string key) =>
        InvalidSetting.Require(value > TimeSpan.Zero, "kane.cluster." + key, value, "must be positive");

    internal static ArgumentException Bad(string key, object value, string why) => InvalidSetting.Error("kane.cluster." + key, value, why);
}
