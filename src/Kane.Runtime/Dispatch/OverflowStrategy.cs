namespace Kane.Dispatch;

/// <summary>What a bounded mailbox does with a message that arrives when it is full.</summary>
public enum MailboxOverflow
{
    /// <summary>The message goes to dead letters with a log line; the sender is never blocked.</summary>
    DeadLetter,

    /// <summary>The sender waits up to the push timeout for room, then the message goes to dead letters.</summary>
    BackPressure,
}
