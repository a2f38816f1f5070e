namespace Kane.Persistence.Delivery;

/// <summary>A delivery not confirmed yet: <see cref="Destination"/> is the <c>IActorRef</c> or <c>ActorSelection</c> given to <c>Deliver</c>.</summary>
public sealed record UnconfirmedDelivery(long DeliveryId, object Destination, object Message);

/// <summary>
/// Sent to the delivering actor itself (as a command) for deliveries that reached
/// <c>warn-after-number-of-unconfirmed-attempts</c> attempts, once per delivery.
/// </summary>
public sealed record UnconfirmedWarning(IReadOnlyList<UnconfirmedDelivery> UnconfirmedDeliveries);

/// <summary>
/// The delivery state to store in a snapshot (<c>GetDeliverySnapshot</c>) and restore on <c>SnapshotOffer</c>
/// (<c>SetDeliverySnapshot</c>). Destinations are live references: a snapshot store must be able to serialize them.
/// </summary>
public sealed record AtLeastOnceDeliverySnapshot(long CurrentDeliveryId, IReadOnlyList<UnconfirmedDelivery> UnconfirmedDeliveries);

/// <summary>Thrown by <c>Deliver</c> when <c>max-unconfirmed-messages</c> deliveries are unconfirmed already.</summary>
public sealed class MaxUnconfirmedMessagesExceededException(int max)
    : Exception($"Too many unconfirmed deliveries: at most {max} (kane.persistence.at-least-once-delivery.max-unconfirmed-messages); confirm deliveries or raise the limit.");

internal sealed record RedeliveryTick
{
    public static RedeliveryTick Instance { get; } = new();
}
