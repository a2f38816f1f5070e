using Kane.Actor;
using Kane.Dispatch;

namespace Kane.Actor.Internal;

/// <summary>A reference to an actor in this process: a send goes straight into its mailbox.</summary>
public sealed class LocalActorRef : InternalActorRef
{
    internal LocalActorRef(ActorCell cell, ActorPath path)
    {
        Cell = cell;
        Path = path;
    }

    internal ActorCell Cell { get; }

    public override ActorPath Path { get; }

    public override InternalActorRef? Parent => Cell.ParentRef;

    public override ActorSystem System => Cell.System;

    public override bool IsLocal => true;

    public override bool IsTerminated => Cell.Mailbox.IsClosed;

    /// <summary>Messages waiting in the actor's mailbox (approximate).</summary>
    public int MailboxCount => Cell.Mailbox.Count;

    /// <summary>How busy the actor looks: twice its queue length, plus one while it is processing or suspended.</summary>
    internal long LoadScore => 2L * Cell.Mailbox.Count + (Cell.Mailbox.IsScheduled || Cell.Mailbox.IsSuspended ? 1 : 0);

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(new Envelope(message, sender));
    }

    public override void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);

    public override InternalActorRef? GetChild(string name) => Cell.GetChildByName(name);
}
