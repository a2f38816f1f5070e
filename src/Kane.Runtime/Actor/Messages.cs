namespace Kane.Actor;

/// <summary>A message that stops the receiving actor once everything sent before it has been processed.</summary>
public sealed class PoisonPill : Internal.IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
    public override string ToString() => "<PoisonPill>";
}

/// <summary>A message that makes the receiver fail with <see cref="ActorKilledException"/>; its supervisor decides (by default: stop).</summary>
public sealed class Kill : Internal.IAutoReceivedMessage
{
    public static readonly Kill Instance = new();
    private Kill() { }
    public override string ToString() => "<Kill>";
}

/// <summary>Delivered to a watcher when the watched actor has stopped.</summary>
/// <param name="ExistenceConfirmed">False when the actor was never known to exist (e.g. watched after it stopped).</param>
/// <param name="AddressTerminated">True when the actor's whole system became unreachable.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated);

/// <summary>Sent to an actor that set a receive timeout and received nothing for that long.</summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout
{
    public static readonly ReceiveTimeout Instance = new();
    private ReceiveTimeout() { }
    public override string ToString() => "<ReceiveTimeout>";
}

/// <summary>Marks messages that do not reset an actor's receive timeout.</summary>
public interface INotInfluenceReceiveTimeout;

/// <summary>Every actor answers <see cref="Identify"/> with an <see cref="ActorIdentity"/> carrying its reference.</summary>
public sealed record Identify(object? MessageId) : Internal.IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>; <see cref="Subject"/> is null when no actor lives at the path asked for.</summary>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>Outcome messages, used by <c>PipeTo</c> and by ask to carry failures.</summary>
public static class Status
{
    /// <summary>A successful outcome with an optional value.</summary>
    public sealed record Success(object? Status);

    /// <summary>A failed outcome; <c>Ask</c> turns it into a faulted task.</summary>
    public sealed record Failure(Exception Cause, object? State = null);
}
