namespace Kane.Persistence.Journal;

/// <summary>
/// What happened to one <see cref="AtomicWrite"/>. A rejection (the event itself cannot be stored) lets the actor
/// continue; a failure (a conflict with another writer, an I/O error: the outcome is not what the actor assumed)
/// stops it. A store that cannot tell per write fails the whole call instead.
/// </summary>
public readonly record struct WriteOutcome(Exception? Rejection, Exception? Failure)
{
    public static WriteOutcome Ok => default;

    public bool IsOk => Rejection is null && Failure is null;

    public static WriteOutcome Rejected(Exception cause) => new(cause, null);

    public static WriteOutcome Failed(Exception cause) => new(null, cause);
}
