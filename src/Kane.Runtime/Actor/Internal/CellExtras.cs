using Kane.Dispatch;

namespace Kane.Actor.Internal;

/// <summary>
/// State that most actors never use (become stack, watches, timers, stash, receive timeout, async handlers, logger,
/// supervisor strategy, restart counters), kept out of the cell and allocated on first use so that an idle actor stays
/// small. Only the actor's own thread touches it, except <see cref="RestartStats"/>.
/// </summary>
internal sealed class CellExtras
{
    public List<Receive>? Behaviors;
    public Dictionary<IActorRef, object?>? Watching;
    public HashSet<IActorRef>? WatchedBy;
    public Dictionary<IActorRef, object>? TerminatedQueued;
    public HashSet<IActorRef>? StoppingChildren;
    public Exception? PendingRestartCause;
    public TimeSpan? ReceiveTimeout;
    public Kane.Scheduling.ICancelable? ReceiveTimeoutTask;
    public TimerScheduler? Timers;
    public StashImpl? Stash;
    public Envelope? AsyncEnvelope;
    public Task? AsyncTask;
    public Microsoft.Extensions.Logging.ILogger? Log;
    public Kane.Actor.SupervisorStrategy? Strategy;

    /// <summary>The restart counters of this actor, read and written by its supervisor's thread only.</summary>
    public ChildRestartStats? RestartStats;
}
