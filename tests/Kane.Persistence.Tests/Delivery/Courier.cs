using Kane.Actor;
using Kane.Persistence.Delivery;

namespace Kane.Persistence.Tests.Delivery;

public sealed record Send(string Payload);
public sealed record SendUnpersisted(string Payload);
public sealed record MsgSent(string Payload);
public sealed record MsgConfirmed(long DeliveryId);
public sealed record Msg(long DeliveryId, string Payload);
public sealed record Confirm(long DeliveryId);
public sealed record GetUnconfirmed;
public sealed record Unconfirmed(int Count, AtLeastOnceDeliverySnapshot Snapshot);

/// <summary>Delivers each payload to one destination the way Akka's guide shows: a persisted "sent" and "confirmed" event.</summary>
public sealed class Courier : AtLeastOnceDeliveryReceiveActor
{
    public Courier(string id, IActorRef destination, IActorRef probe)
    {
        PersistenceId = id;
        Recover<MsgSent>(e => Deliver(destination, d => new Msg(d, e.Payload)));
        Recover<MsgConfirmed>(e => ConfirmDelivery(e.DeliveryId));
        Recover<RecoveryCompleted>(c => probe.Tell(c));
        Command<Send>(c => Persist(new MsgSent(c.Payload), e => Deliver(destination, d => new Msg(d, e.Payload))));
        Command<Confirm>(c => Persist(new MsgConfirmed(c.DeliveryId), e => ConfirmDelivery(e.DeliveryId)));
        Command<SendUnpersisted>(c =>
        {
            try
            {
                Deliver(destination, d => new Msg(d, c.Payload));
            }
            catch (MaxUnconfirmedMessagesExceededException e)
            {
                probe.Tell(e);
            }
        });
        Command<UnconfirmedWarning>(w => probe.Tell(w));
        Command<GetUnconfirmed>(_ => Sender.Tell(new Unconfirmed(UnconfirmedCount, GetDeliverySnapshot())));
        Command<AtLeastOnceDeliverySnapshot>(SetDeliverySnapshot);
    }

    public override string PersistenceId { get; }

    public static Props Props(string id, IActorRef destination, IActorRef probe) =>
        Kane.Actor.Props.Create(() => new Courier(id, destination, probe));
}
