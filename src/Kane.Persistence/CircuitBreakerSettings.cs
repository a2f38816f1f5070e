using Kane.Configuration;
namespace Kane.Persistence;

/// <summary>The circuit breaker around a store (<c>kane.persistence.journal.circuit-breaker</c> and the snapshot store's).</summary>
public sealed record CircuitBreakerSettings(int MaxFailures, TimeSpan CallTimeout, TimeSpan ResetTimeout)
{
    /// <value>10 failures, 10s call timeout, 30s reset.</value>
    public static CircuitBreakerSettings JournalDefault { get; } = new(10, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

    /// <value>5 failures, 20s call timeout, 60s reset.</value>
    public static CircuitBreakerSettings SnapshotDefault { get; } = new(5, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));

    internal void Validate(string key)
    {
        InvalidSetting.Require(MaxFailures >= 1, key + ".max-failures", MaxFailures, "must be at least 1");
        InvalidSetting.Require(CallTimeout > TimeSpan.Zero, key + ".call-timeout", CallTimeout, "must be positive");
        InvalidSetting.Require(ResetTimeout > TimeSpan.Zero, key + ".reset-timeout", ResetTimeout, "must be positive");
    }
}
