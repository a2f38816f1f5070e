namespace Kane.Dispatch;

/// <summary>A named recipe for mailboxes; <c>Props.WithMailbox(id)</c> picks one registered under that id.</summary>
public abstract record MailboxType
{
    /// <summary>Creates the mailbox of one actor.</summary>
    public abstract Mailbox Create();
}

/// <summary>The default, unbounded mailbox.</summary>
public sealed record UnboundedMailboxType : MailboxType
{
    public static readonly UnboundedMailboxType Instance = new();

    public override Mailbox Create() => new UnboundedMailbox();
}

/// <summary>A bounded mailbox with a declared overflow behaviour.</summary>
/// <param name="PushTimeout">How long a back-pressured sender waits for room before the message is dead-lettered.</param>
public sealed record BoundedMailboxType(int Capacity, MailboxOverflow Overflow, TimeSpan PushTimeout) : MailboxType
{
    public override Mailbox Create() => new BoundedMailbox(Capacity, Overflow, PushTimeout);
}

/// <summary>A stable priority mailbox; <paramref name="Priority"/> maps a message to its priority (lower first).</summary>
public sealed record StablePriorityMailboxType(Func<object, int> Priority, int Capacity = 100_000) : MailboxType
{
    public override Mailbox Create() => new StablePriorityMailbox(Priority, Capacity);
}
