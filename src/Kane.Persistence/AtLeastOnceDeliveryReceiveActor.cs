using Kane.Actor;
using Kane.Persistence.Delivery;
using Kane.Persistence.Internal;
using Kane.Scheduling;

namespace Kane.Persistence;

/// <summary>
/// A persistent actor that sends messages at least once: <see cref="Deliver(IActorRef, Func{long, object})"/> sends
/// and keeps the message until <see cref="ConfirmDelivery"/>, redelivering overdue messages every
/// <see cref="RedeliverInterval"/> (checked every half interval on the system scheduler).
/// </summary>
/// <remarks>
/// The delivery state is not persisted by itself: persist a "sent" event whose handler (and recovery handler) calls
/// <c>Deliver</c>, and a "confirmed" event whose handlers call <c>ConfirmDelivery</c>. Replay then rebuilds the same
/// delivery ids; deliveries still unconfirmed when recovery completes are sent again at once. Receivers must
/// tolerate duplicates (deduplicate by delivery id).
/// </remarks>
public abstract class AtLeastOnceDeliveryReceiveActor : ReceivePersistentActor
{
    private readonly SortedDictionary<long, Pending> _unconfirmed = [];
    private long _deliveryId;
    private ICancelable? _ticks;

    private sealed record Pending(object Destination, object Message, DateTimeOffset SentAt, int Attempts);

    /// <summary>How long a delivery stays unconfirmed before it is sent again.</summary>
    /// <value><c>at-least-once-delivery.redeliver-interval</c>, 5s.</value>
    public virtual TimeSpan RedeliverInterval => Extension.Settings.AtLeastOnceDelivery.RedeliverInterval;

    /// <summary>At most this many deliveries are sent again per check, oldest first.</summary>
    /// <value><c>redelivery-burst-limit</c>, 10,000.</value>
    public virtual int RedeliveryBurstLimit => Extension.Settings.AtLeastOnceDelivery.RedeliveryBurstLimit;

    /// <summary>After this many attempts of one delivery an <see cref="UnconfirmedWarning"/> is sent to this actor.</summary>
    /// <value><c>warn-after-number-of-unconfirmed-attempts</c>, 5.</value>
    public virtual int WarnAfterNumberOfUnconfirmedAttempts => Extension.Settings.AtLeastOnceDelivery.WarnAfterNumberOfUnconfirmedAttempts;

    /// <summary><c>Deliver</c> throws <see cref="MaxUnconfirmedMessagesExceededException"/> beyond this many unconfirmed deliveries.</summary>
    /// <value><c>max-unconfirmed-messages</c>, 100,000.</value>
    public virtual int MaxUnconfirmedMessages => Extension.Settings.AtLeastOnceDelivery.MaxUnconfirmedMessages;

    /// <summary>Deliveries sent and not confirmed yet.</summary>
    public int UnconfirmedCount => _unconfirmed.Count;

    /// <summary>
    /// Sends the message <paramref name="createMessage"/> makes from the next delivery id (strictly increasing, no gaps)
    /// to <paramref name="destination"/>, and again until it is confirmed. While recovering nothing is sent.
    /// </summary>
    /// <exception cref="MaxUnconfirmedMessagesExceededException">Too many deliveries are unconfirmed.</exception>
    protected long Deliver(IActorRef destination, Func<long, object> createMessage) => DeliverTo(destination, createMessage);

    /// <inheritdoc cref="Deliver(IActorRef, Func{long, object})"/>
    protected long Deliver(ActorSelection destination, Func<long, object> createMessage) => DeliverTo(destination, createMessage);

    /// <summary>Marks <paramref name="deliveryId"/> confirmed; false if it was not unconfirmed (confirmed twice, or unknown).</summary>
    protected bool ConfirmDelivery(long deliveryId) => _unconfirmed.Remove(deliveryId);

    /// <summary>The current delivery id and the unconfirmed deliveries, to save in a snapshot.</summary>
    protected AtLeastOnceDeliverySnapshot GetDeliverySnapshot() =>
        new(_deliveryId, [.. _unconfirmed.Select(p => new UnconfirmedDelivery(p.Key, p.Value.Destination, p.Value.Message))]);

    /// <summary>Restores a snapshot (from a <see cref="SnapshotOffer"/>); its unconfirmed deliveries are sent when recovery completes.</summary>
    protected void SetDeliverySnapshot(AtLeastOnceDeliverySnapshot snapshot)
    {
        _deliveryId = snapshot.CurrentDeliveryId;
        _unconfirmed.Clear();
        foreach (var d in snapshot.UnconfirmedDeliveries) _unconfirmed[d.DeliveryId] = new Pending(d.Destination, d.Message, DateTimeOffset.MinValue, 0);
        if (!IsRecovering) RedeliverOverdue();
    }

    protected override void PreStart()
    {
        var tick = RedeliverInterval / 2;
        _ticks = Context.System.Scheduler.ScheduleTellRepeatedly(tick, tick, Self, RedeliveryTick.Instance, Self);
        base.PreStart();
    }

    protected override void PostStop()
    {
        _ticks?.Cancel();
        base.PostStop();
    }

    private protected override bool AroundState(object message)
    {
        if (message is not RedeliveryTick) return false;
        if (!IsRecovering) RedeliverOverdue();
        return true;
    }

    private protected override void OnReplaySucceeded() => RedeliverOverdue();

    private long DeliverTo(object destination, Func<long, object> createMessage)
    {
        if (_unconfirmed.Count >= MaxUnconfirmedMessages) throw new MaxUnconfirmedMessagesExceededException(MaxUnconfirmedMessages);
        var id = ++_deliveryId;
        var pending = new Pending(destination, createMessage(id), DateTimeOffset.MinValue, 0);
        // Replayed deliveries wait, overdue, for the end of recovery: a later replayed confirmation may remove them.
        if (IsRecovering) _unconfirmed[id] = pending;
        else Send(id, pending, Context.System.Scheduler.Now);
        return id;
    }

    private Pending Send(long id, Pending pending, DateTimeOffset now)
    {
        switch (pending.Destination)
        {
            case IActorRef r: r.Tell(pending.Message, Self); break;
            case ActorSelection s: s.Tell(pending.Message, Self); break;
        }
        var sent = pending with { SentAt = now, Attempts = pending.Attempts + 1 };
        _unconfirmed[id] = sent;
        return sent;
    }

    private void RedeliverOverdue()
    {
        var now = Context.System.Scheduler.Now;
        var overdue = _unconfirmed.Where(p => p.Value.SentAt == DateTimeOffset.MinValue || p.Value.SentAt + RedeliverInterval <= now)
            .Take(RedeliveryBurstLimit).ToList();
        List<UnconfirmedDelivery>? warnings = null;
        foreach (var (id, pending) in overdue)
        {
            var sent = Send(id, pending, now);
            if (sent.Attempts != WarnAfterNumberOfUnconfirmedAttempts) continue;
            Log.LogWarningUnconfirmed(id, sent.Destination.ToString() ?? "?", sent.Attempts);
            (warnings ??= []).Add(new UnconfirmedDelivery(id, sent.Destination, sent.Message));
        }
        if (warnings is not null) Self.Tell(new UnconfirmedWarning(warnings), Self);
    }
}
