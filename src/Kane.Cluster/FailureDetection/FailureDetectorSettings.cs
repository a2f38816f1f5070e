using Kane.Configuration;

namespace Kane.Cluster;

/// <summary><c>kane.cluster.failure-detector</c>: heartbeats and phi accrual.</summary>
public sealed record FailureDetectorSettings
{
    public TimeSpan HeartbeatInterval { get; init; }

    public double Threshold { get; init; }

    public int MaxSampleSize { get; init; }

    public TimeSpan MinStdDeviation { get; init; }

    public TimeSpan AcceptableHeartbeatPause { get; init; }

    public int MonitoredByNrOfMembers { get; init; }

    public TimeSpan ExpectedResponseAfter { get; init; }

    /// <summary>A monitored member whose address refuses connections is unreachable at once, not after phi rises (decision 0020).</summary>
    public bool UnreachableOnConnectionRefused { get; init; }

    internal static FailureDetectorSettings Read(Config c) => new()
    {
        HeartbeatInterval = c.GetTimeSpan("heartbeat-interval"),
        Threshold = c.GetDouble("threshold"),
        MaxSampleSize = c.GetInt("max-sample-size"),
        MinStdDeviation = c.GetTimeSpan("min-std-deviation"),
        AcceptableHeartbeatPause = c.GetTimeSpan("acceptable-heartbeat-pause"),
        MonitoredByNrOfMembers = c.GetInt("monitored-by-nr-of-members"),
        ExpectedResponseAfter = c.GetTimeSpan("expected-response-after"),
        UnreachableOnConnectionRefused = c.GetBoolean("unreachable-on-connection-refused"),
    };

    public FailureDetectorSettings Validate()
    {
        const string p = "kane.cluster.failure-detector.";
        InvalidSetting.Require(HeartbeatInterval > TimeSpan.Zero, p + "heartbeat-interval", HeartbeatInterval, "must be positive");
        InvalidSetting.Require(Threshold > 0, p + "threshold", Threshold, "must be positive");
        InvalidSetting.Require(MaxSampleSize >= 2, p + "max-sample-size", MaxSampleSize, "must be at least 2");
        InvalidSetting.Require(MinStdDeviation > TimeSpan.Zero, p + "min-std-deviation", MinStdDeviation, "must be positive");
        InvalidSetting.Require(AcceptableHeartbeatPause >= TimeSpan.Zero, p + "acceptable-heartbeat-pause", AcceptableHeartbeatPause, "must not be negative");
        InvalidSetting.Require(MonitoredByNrOfMembers >= 1, p + "monitored-by-nr-of-members", MonitoredByNrOfMembers, "must be at least 1");
        InvalidSetting.Require(ExpectedResponseAfter > TimeSpan.Zero, p + "expected-response-after", ExpectedResponseAfter, "must be positive");
        return this;
    }

    internal FailureDetection.PhiAccrualFailureDetector CreateDetector(Func<long> clockMs) =>
        new(Threshold, MaxSampleSize, MinStdDeviation, AcceptableHeartbeatPause, HeartbeatInterval, clockMs);
}
