using System.Buffers;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Remote.Internal.Wire;

namespace Kane.Remote.Internal;

internal sealed partial class RemoteTransport
{
    /// <summary>Handles one frame from an associated peer, on the connection's reader.</summary>
    public void OnFrame(Association association, FrameKind kind, ReadOnlySequence<byte> body)
    {
        switch (kind)
        {
            case FrameKind.Envelope:
                Deliver(association, Envelope.Parser.ParseFrom(body));
                break;
            case FrameKind.SystemEnvelope:
                var system = SystemEnvelope.Parser.ParseFrom(body);
                if (association.AcceptSystem(system.Seq)) DeliverSystem(system);
                break;
            case FrameKind.Ack:
                association.Acked(Ack.Parser.ParseFrom(body).Cumulative);
                break;
            case FrameKind.Heartbeat:
                association.EnqueueControl(FrameKind.HeartbeatResponse, new HeartbeatResponse { Uid = Uid });
                break;
            case FrameKind.HeartbeatResponse:
                break;
            default:
                Log.LogWarningInboundDropped(association.Remote.ToString(), $"unexpected frame kind {kind}");
                break;
        }
    }

    private void Deliver(Association association, Envelope envelope)
    {
        var recipient = Codec.ResolveRef(envelope.Recipient);
        if (recipient is null or RemoteActorRef)
        {
            Log.LogWarningInboundDropped(association.Remote.ToString(), $"recipient '{envelope.Recipient}' is not on this system");
            return;
        }
        object? message;
        string? error;
        try
        {
            message = Codec.Deserialize(envelope.Payload, out error);
        }
        catch (Exception e)
        {
            Log.LogWarningInboundDropped(association.Remote.ToString(), $"'{envelope.Payload.Tag}' failed to deserialize: {e.Message}");
            return;
        }
        if (message is null)
        {
            if (error == "unknown-tag") Log.LogWarningUnknownTag(association.Remote.ToString(), envelope.Payload.Tag, envelope.Payload.SerializerId);
            else Log.LogWarningInboundDropped(association.Remote.ToString(), error ?? "empty message");
            return;
        }
        recipient.Tell(message, Codec.ResolveRef(envelope.Sender));
    }

    private void DeliverSystem(SystemEnvelope envelope)
    {
        switch (envelope.MessageCase)
        {
            case SystemEnvelope.MessageOneofCase.Watch:
            {
                var watcher = Codec.ResolveRef(envelope.Watch.Watcher);
                if (watcher is null) return;
                if (Codec.ResolveRef(envelope.Watch.Watchee) is LocalActorRef watchee)
                    watchee.SendSystemMessage(new Watch(watchee, watcher));
                else
                    SendDeathNotification(watcher, envelope.Watch.Watchee, existenceConfirmed: false, addressTerminated: false);
                break;
            }
            case SystemEnvelope.MessageOneofCase.Unwatch:
            {
                if (Codec.ResolveRef(envelope.Unwatch.Watcher) is { } watcher && Codec.ResolveRef(envelope.Unwatch.Watchee) is LocalActorRef watchee)
                    watchee.SendSystemMessage(new Unwatch(watchee, watcher));
                break;
            }
            case SystemEnvelope.MessageOneofCase.DeathWatchNotification:
            {
                var notice = envelope.DeathWatchNotification;
                if (Codec.ResolveRef(notice.Actor) is not { } actor || Codec.ResolveRef(envelope.Recipient) is not { } recipient) return;
                Watcher.Forget(actor);
                recipient.SendSystemMessage(new DeathWatchNotification(actor, notice.ExistenceConfirmed, notice.AddressTerminated));
                break;
            }
        }
    }

    /// <summary>A system message for an actor on another system; sent reliably.</summary>
    public void SendSystem(RemoteActorRef recipient, SystemMessage message)
    {
        switch (message)
        {
            case Watch w when w.Watchee is RemoteActorRef watchee:
                Watcher.Watch(watchee, w.Watcher);
                SendReliable(watchee, new SystemEnvelope { Recipient = watchee.WirePath, Watch = new WatchMessage { Watchee = watchee.WirePath, Watcher = Codec.SerializeRef(w.Watcher) } });
                break;
            case Unwatch u when u.Watchee is RemoteActorRef watchee:
                Watcher.Unwatch(watchee, u.Watcher);
                SendReliable(watchee, new SystemEnvelope { Recipient = watchee.WirePath, Unwatch = new WatchMessage { Watchee = watchee.WirePath, Watcher = Codec.SerializeRef(u.Watcher) } });
                break;
            case DeathWatchNotification d:
                SendDeathNotification(recipient, Codec.SerializeRef(d.Actor), d.ExistenceConfirmed, d.AddressTerminated);
                break;
            case Terminate:
                recipient.Tell(PoisonPill.Instance, null);
                break;
        }
    }

    private void SendDeathNotification(InternalActorRef watcher, string actor, bool existenceConfirmed, bool addressTerminated)
    {
        if (watcher is not RemoteActorRef remote) return;
        SendReliable(remote, new SystemEnvelope
        {
            Recipient = remote.WirePath,
            DeathWatchNotification = new DeathWatchNotificationMessage { Actor = actor, ExistenceConfirmed = existenceConfirmed, AddressTerminated = addressTerminated },
        });
    }

    private void SendReliable(RemoteActorRef recipient, SystemEnvelope envelope)
    {
        if (!recipient.Association.SendSystem(envelope))
            QuarantineIncarnation(recipient.Association, $"more than kane.remote.system-message-buffer-size ({Settings.SystemMessageBufferSize}) system messages unacknowledged");
    }
}
