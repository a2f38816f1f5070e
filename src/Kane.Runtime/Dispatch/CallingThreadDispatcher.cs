namespace Kane.Dispatch;

/// <summary>
/// Runs a mailbox's turn on the thread that sent the message, so a unit test sees the effect as soon as
/// <c>Tell</c> returns. Not for production: an actor that blocks blocks its sender.
/// </summary>
public sealed class CallingThreadDispatcher(string id) : MessageDispatcher(id, int.MaxValue)
{
    internal override void Execute(Mailbox mailbox) => mailbox.Run();
}
