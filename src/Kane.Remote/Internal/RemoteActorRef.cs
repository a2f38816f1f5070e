using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Remote.Internal;

/// <summary>A reference to an actor on another system: a send is queued on the association with that system.</summary>
internal sealed class RemoteActorRef : InternalActorRef
{
    private readonly RemoteTransport _transport;
    private Association? _association;

    public RemoteActorRef(RemoteTransport transport, ActorPath path)
    {
        _transport = transport;
        Path = path;
        WirePath = path.ToSerializationFormat();
    }

    public override ActorPath Path { get; }

    /// <summary>The path as written on the wire (with the uid when known); computed once.</summary>
    public string WirePath { get; }

    public Association Association => _association ??= _transport.AssociationFor(Path.Address);

    public override InternalActorRef? Parent => null;

    public override ActorSystem System => _transport.System;

    public override bool IsLocal => false;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Association.Send(new Outbound(this, message, sender));
    }

    public override void SendSystemMessage(SystemMessage message) => _transport.SendSystem(this, message);
}

/// <summary>A user message waiting in an association's queue.</summary>
internal sealed record Outbound(RemoteActorRef Recipient, object Message, IActorRef? Sender);
