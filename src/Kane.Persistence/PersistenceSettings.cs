using Kane.Configuration;

namespace Kane.Persistence;

/// <summary>The <c>kane.persistence</c> section; every default is written, with a comment, in reference.conf.</summary>
public sealed record PersistenceSettings
{
    public static PersistenceSettings Default { get; } = new();

    /// <value>"" (in-memory).</value>
    public string ConnectionString { get; init; } = "";

    /// <value>50.</value>
    public int MaxConcurrentRecoveries { get; init; } = 50;

    /// <value>30s.</value>
    public TimeSpan RecoveryEventTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <value>5000.</value>
    public int JournalMaxBatchSize { get; init; } = 5000;

    /// <summary>
    /// Longest real time the journal holds its queue after a completed write, waiting for the writers it just
    /// acknowledged to write again so their groups merge into one commit; zero turns the wait off.
    /// </summary>
    /// <value>2ms.</value>
    public TimeSpan JournalGroupCommitLinger { get; init; } = TimeSpan.FromMilliseconds(2);

    public CircuitBreakerSettings JournalCircuitBreaker { get; init; } = CircuitBreakerSettings.JournalDefault;

    public CircuitBreakerSettings SnapshotCircuitBreaker { get; init; } = CircuitBreakerSettings.SnapshotDefault;

    public ReplayFilterSettings ReplayFilter { get; init; } = ReplayFilterSettings.Default;

    /// <value>1s.</value>
    public TimeSpan QueryRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    public AtLeastOnceDeliverySettings AtLeastOnceDelivery { get; init; } = AtLeastOnceDeliverySettings.Default;

    /// <summary>Reads <c>kane.persistence</c> of <paramref name="config"/> over the reference defaults.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static PersistenceSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.persistence");
        CircuitBreakerSettings Breaker(string path) => new(c.GetInt(path + ".max-failures"), c.GetTimeSpan(path + ".call-timeout"), c.GetTimeSpan(path + ".reset-timeout"));
        var mode = c.GetString("journal.replay-filter.mode") switch
        {
            "repair-by-discard-old" => ReplayFilterMode.RepairByDiscardOld,
            "fail" => ReplayFilterMode.Fail,
            "warn" => ReplayFilterMode.Warn,
            "off" => ReplayFilterMode.Off,
            var other => throw new ArgumentException($"Invalid setting kane.persistence.journal.replay-filter.mode = {other}: use repair-by-discard-old, fail, warn or off."),
        };
        return new PersistenceSettings
        {
            ConnectionString = c.GetString("connection-string"),
            MaxConcurrentRecoveries = c.GetInt("max-concurrent-recoveries"),
            RecoveryEventTimeout = c.GetTimeSpan("recovery-event-timeout"),
            JournalMaxBatchSize = c.GetInt("journal.max-batch-size"),
            JournalGroupCommitLinger = c.GetTimeSpan("journal.group-commit-linger"),
            JournalCircuitBreaker = Breaker("journal.circuit-breaker"),
            SnapshotCircuitBreaker = Breaker("snapshot-store.circuit-breaker"),
            ReplayFilter = new ReplayFilterSettings(mode, c.GetInt("journal.replay-filter.window-size"), c.GetInt("journal.replay-filter.max-old-writers")),
            QueryRefreshInterval = c.GetTimeSpan("query.refresh-interval"),
            AtLeastOnceDelivery = new AtLeastOnceDeliverySettings(
                c.GetTimeSpan("at-least-once-delivery.redeliver-interval"),
                c.GetInt("at-least-once-delivery.redelivery-burst-limit"),
                c.GetInt("at-least-once-delivery.warn-after-number-of-unconfirmed-attempts"),
                c.GetInt("at-least-once-delivery.max-unconfirmed-messages")),
        }.Validate();
    }

    /// <summary>Checks every value; the exception names the first bad key.</summary>
    public PersistenceSettings Validate()
    {
        InvalidSetting.Require(MaxConcurrentRecoveries >= 1, "kane.persistence.max-concurrent-recoveries", MaxConcurrentRecoveries, "must be at least 1");
        InvalidSetting.Require(RecoveryEventTimeout > TimeSpan.Zero, "kane.persistence.recovery-event-timeout", RecoveryEventTimeout, "must be positive");
        InvalidSetting.Require(JournalMaxBatchSize >= 1, "kane.persistence.journal.max-batch-size", JournalMaxBatchSize, "must be at least 1");
        InvalidSetting.Require(JournalGroupCommitLinger >= TimeSpan.Zero && JournalGroupCommitLinger <= TimeSpan.FromSeconds(1), "kane.persistence.journal.group-commit-linger", JournalGroupCommitLinger, "must be between 0 (off) and 1s");
        InvalidSetting.Require(QueryRefreshInterval > TimeSpan.Zero, "kane.persistence.query.refresh-interval", QueryRefreshInterval, "must be positive");
        JournalCircuitBreaker.Validate("kane.persistence.journal.circuit-breaker");
        SnapshotCircuitBreaker.Validate("kane.persistence.snapshot-store.circuit-breaker");
        ReplayFilter.Validate();
        AtLeastOnceDelivery.Validate();
        return this;
    }

}
