using Kane.Actor;
using Microsoft.Extensions.Logging;

namespace Kane.Event;

/// <summary>A message that could not be delivered: its recipient had stopped, or a bounded queue was full.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient)
{
    /// <summary>Why it was not delivered, e.g. "mailbox full"; null for a stopped recipient.</summary>
    public string? Reason { get; init; }
}

/// <summary>A message an actor's behaviour did not handle.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A log line written through a Kane logger, also published on the event stream (for tests and tails).</summary>
public sealed record LogEvent(LogLevel Level, string Source, string Message, Exception? Cause)
{
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;
}
