using Kane.Configuration;
namespace Kane.Persistence;

/// <summary><c>kane.persistence.at-least-once-delivery</c>.</summary>
public sealed record AtLeastOnceDeliverySettings(TimeSpan RedeliverInterval, int RedeliveryBurstLimit, int WarnAfterNumberOfUnconfirmedAttempts, int MaxUnconfirmedMessages)
{
    /// <value>5s, 10,000 per burst, a warning after 5 attempts, at most 100,000 unconfirmed.</value>
    public static AtLeastOnceDeliverySettings Default { get; } = new(TimeSpan.FromSeconds(5), 10_000, 5, 100_000);

    internal void Validate()
    {
        const string k = "kane.persistence.at-least-once-delivery.";
        InvalidSetting.Require(RedeliverInterval > TimeSpan.Zero, k + "redeliver-interval", RedeliverInterval, "must be positive");
        InvalidSetting.Require(RedeliveryBurstLimit >= 1, k + "redelivery-burst-limit", RedeliveryBurstLimit, "must be at least 1");
        InvalidSetting.Require(WarnAfterNumberOfUnconfirmedAttempts >= 1, k + "warn-after-number-of-unconfirmed-attempts", WarnAfterNumberOfUnconfirmedAttempts, "must be at least 1");
        InvalidSetting.Require(MaxUnconfirmedMessages >= 1, k + "max-unconfirmed-messages", MaxUnconfirmedMessages, "must be at least 1");
    }
}
