using Kane.Actor;

namespace Kane.Dispatch;

/// <summary>
/// A message in a mailbox: the message, its sender, and the link of the mailbox's intrusive queue, so that a send
/// allocates exactly this one object.
/// </summary>
internal sealed class Envelope(object message, IActorRef? sender)
{
    public readonly object Message = message;
    public readonly IActorRef? Sender = sender;
    public Envelope? Next;

    public override string ToString() => $"Envelope({Message} from {Sender})";
}
