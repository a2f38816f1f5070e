using Kane.Actor.Internal;

namespace Kane.Actor;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; the failing message is dropped.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one; the mailbox is kept, the failing message is dropped.</summary>
    Restart,

    /// <summary>Stop the child for good.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception; its own supervisor decides.</summary>
    Escalate,
}

/// <summary>
/// How a supervisor handles a failed child: a decider maps the exception to a <see cref="Directive"/>, and restarts
/// are limited to <see cref="MaxNrOfRetries"/> within <see cref="WithinTimeRange"/> (then the child is stopped).
/// </summary>
public abstract class SupervisorStrategy
{
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
        LoggingEnabled = loggingEnabled;
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; -1 for no limit, 0 for none.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window the retry limit counts in; <see cref="Timeout.InfiniteTimeSpan"/> for no window.</summary>
    public TimeSpan WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    /// <summary>Whether failures are logged (at error level; warning for Resume).</summary>
    public bool LoggingEnabled { get; }

    /// <summary>Restart on anything but initialization failures, <see cref="Kill"/> and death pacts, which stop.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one with the default decider and no retry limit.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops any child that fails.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Applies <paramref name="directive"/> (Resume, Restart or Stop) to the failed child and, for all-for-one, its siblings.</summary>
    internal abstract void Apply(ActorCell supervisor, Directive directive, LocalActorRef child, Exception cause, IReadOnlyList<LocalActorRef> children);

    internal bool RequestRestartPermission(ChildRestartStats stats, DateTimeOffset now) =>
        stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, now);
}

/// <summary>Applies the directive to the failing child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(Func<Exception, Directive> decider, bool loggingEnabled = true)
        : this(-1, Timeout.InfiniteTimeSpan, decider, loggingEnabled) { }

    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    internal override void Apply(ActorCell supervisor, Directive directive, LocalActorRef child, Exception cause, IReadOnlyList<LocalActorRef> children)
    {
        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(new Resume(cause));
                break;
            case Directive.Restart when RequestRestartPermission(child.Cell.RestartStats, supervisor.SystemImpl.Now):
                child.SendSystemMessage(new Recreate(cause));
                break;
            default:
                supervisor.Stop(child);
                break;
        }
    }
}

/// <summary>Applies the directive to the failing child and all its siblings (for children that only work together).</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(Func<Exception, Directive> decider, bool loggingEnabled = true)
        : this(-1, Timeout.InfiniteTimeSpan, decider, loggingEnabled) { }

    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    internal override void Apply(ActorCell supervisor, Directive directive, LocalActorRef child, Exception cause, IReadOnlyList<LocalActorRef> children)
    {
        var now = supervisor.SystemImpl.Now;
        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(new Resume(cause));
                break;
            case Directive.Restart when children.All(c => RequestRestartPermission(c.Cell.RestartStats, now)):
                foreach (var c in children)
                {
                    // Siblings are healthy: suspend them first so the restart finds them quiet, as the failed one is.
                    if (!c.Equals(child)) c.SendSystemMessage(new Suspend());
                    c.SendSystemMessage(new Recreate(cause));
                }
                break;
            default:
                foreach (var c in children) supervisor.Stop(c);
                break;
        }
    }
}
