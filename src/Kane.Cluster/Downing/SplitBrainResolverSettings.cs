using Kane.Configuration;

namespace Kane.Cluster;

/// <summary>The split brain resolver's strategies.</summary>
public enum DowningStrategyKind { KeepMajority, StaticQuorum, KeepOldest, DownAll, LeaseMajority }

/// <summary><c>kane.cluster.split-brain-resolver</c>.</summary>
public sealed record SplitBrainResolverSettings
{
    public DowningStrategyKind Strategy { get; init; }

    public TimeSpan StableAfter { get; init; }

    /// <summary>Null: never down everything because of instability.</summary>
    public TimeSpan? DownAllWhenUnstable { get; init; }

    /// <summary>How long after a removal its shards and singletons may start elsewhere.</summary>
    public TimeSpan DownRemovalMargin { get; init; }

    /// <summary>The role the active strategy counts (null: every member).</summary>
    public string? Role { get; init; }

    public int QuorumSize { get; init; }

    public bool DownIfAlone { get; init; }

    public string LeaseConnectionString { get; init; } = "";

    public string LeaseName { get; init; } = "kane-sbr";

    public TimeSpan AcquireLeaseDelayForMinority { get; init; }

    public TimeSpan LeaseReleaseAfter { get; init; }

    internal static SplitBrainResolverSettings Read(Config c)
    {
        var name = c.GetString("active-strategy");
        var strategy = name switch
        {
            "keep-majority" => DowningStrategyKind.KeepMajority,
            "static-quorum" => DowningStrategyKind.StaticQuorum,
            "keep-oldest" => DowningStrategyKind.KeepOldest,
            "down-all" => DowningStrategyKind.DownAll,
            "lease-majority" => DowningStrategyKind.LeaseMajority,
            _ => throw InvalidSetting.Error("kane.cluster.split-brain-resolver.active-strategy", name,
                "must be keep-majority, static-quorum, keep-oldest, down-all or lease-majority"),
        };
        var stableAfter = c.GetTimeSpan("stable-after");
        var unstable = c.GetValue("down-all-when-unstable") is HoconScalar { Text: var t } && t is "on" or "true" or "off" or "false"
            ? t is "on" or "true" ? TimeSpan.FromTicks(Math.Max(stableAfter.Ticks * 3 / 4, TimeSpan.FromSeconds(4).Ticks)) : (TimeSpan?)null
            : c.GetTimeSpan("down-all-when-unstable");
        var section = name is "down-all" ? null : c.GetConfig(name);
        var role = section?.GetString("role", "");
        var lease = c.GetConfig("lease-majority");
        return new SplitBrainResolverSettings
        {
            Strategy = strategy,
            StableAfter = stableAfter,
            DownAllWhenUnstable = unstable,
            DownRemovalMargin = ClusterSettings.OptionalDuration(c, "down-removal-margin") ?? stableAfter,
            Role = string.IsNullOrEmpty(role) ? null : role,
            QuorumSize = c.GetConfig("static-quorum").GetInt("quorum-size"),
            DownIfAlone = c.GetConfig("keep-oldest").GetBoolean("down-if-alone"),
            LeaseConnectionString = lease.GetString("connection-string"),
            LeaseName = lease.GetString("lease-name"),
            AcquireLeaseDelayForMinority = lease.GetTimeSpan("acquire-lease-delay-for-minority"),
            LeaseReleaseAfter = lease.GetTimeSpan("release-after"),
        };
    }

    public SplitBrainResolverSettings Validate()
    {
        const string p = "kane.cluster.split-brain-resolver.";
        InvalidSetting.Require(StableAfter > TimeSpan.Zero, p + "stable-after", StableAfter, "must be positive");
        InvalidSetting.Require(DownRemovalMargin >= TimeSpan.Zero, p + "down-removal-margin", DownRemovalMargin, "must not be negative");
        InvalidSetting.Require(DownAllWhenUnstable is not { } u || u >= TimeSpan.Zero, p + "down-all-when-unstable", DownAllWhenUnstable, "must be on, off or a duration that is not negative");
        InvalidSetting.Require(AcquireLeaseDelayForMinority >= TimeSpan.Zero, p + "lease-majority.acquire-lease-delay-for-minority", AcquireLeaseDelayForMinority, "must not be negative");
        InvalidSetting.Require(LeaseReleaseAfter > TimeSpan.Zero, p + "lease-majority.release-after", LeaseReleaseAfter, "must be positive");
        if (Strategy == DowningStrategyKind.StaticQuorum)
            InvalidSetting.Require(QuorumSize >= 1, p + "static-quorum.quorum-size", QuorumSize,
                "must be set (at least 1) with active-strategy = static-quorum, e.g. 2 for a 3-node cluster");
        if (Strategy == DowningStrategyKind.LeaseMajority)
            InvalidSetting.Require(!string.IsNullOrWhiteSpace(LeaseConnectionString), p + "lease-majority.connection-string", "\"\"",
                "must name the lease database with active-strategy = lease-majority (sqlite:PATH or postgres:CONNSTRING)");
        return this;
    }
}
