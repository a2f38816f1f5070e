namespace Kane.Dispatch;

/// <summary>Decides which thread runs a scheduled mailbox, and how many messages one turn may process.</summary>
public abstract class MessageDispatcher(string id, int throughput)
{
    /// <summary>The id actors name in <c>Props.WithDispatcher</c>.</summary>
    public string Id { get; } = id;

    /// <summary>User messages one actor processes per turn before the thread goes to another actor.</summary>
    public int Throughput { get; } = throughput > 0 ? throughput : throw new ArgumentOutOfRangeException(nameof(throughput), throughput, "throughput must be at least 1");

    /// <summary>Runs the mailbox's turn somewhere; called once per scheduling.</summary>
    internal abstract void Execute(Mailbox mailbox);

    /// <summary>Called when an actor using this dispatcher starts.</summary>
    internal virtual void Attach(Mailbox mailbox) { }

    /// <summary>Called when an actor using this dispatcher has stopped.</summary>
    internal virtual void Detach(Mailbox mailbox) { }

    /// <summary>Releases threads the dispatcher owns; called when the system terminates.</summary>
    internal virtual void Shutdown() { }
}
