using Kane.Actor;

namespace Kane.Pattern;

/// <summary>When a back-off supervisor starts its child again.</summary>
public enum BackoffMode
{
    /// <summary>After the child threw; if it stops on its own, the supervisor stops too.</summary>
    OnFailure,

    /// <summary>After the child stopped for any reason; the choice for persistent actors, which stop on journal failures.</summary>
    OnStop,
}

/// <summary>
/// The recipe of a <see cref="BackoffSupervisor"/>: the delay before restart n is
/// min(<see cref="MaxBackoff"/>, <see cref="MinBackoff"/>·2ⁿ)·(1 + random·<see cref="RandomFactor"/>).
/// </summary>
public sealed record BackoffOptions
{
    private BackoffOptions(BackoffMode mode, Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor)
    {
        if (minBackoff <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(minBackoff), minBackoff, "minBackoff must be positive.");
        if (maxBackoff < minBackoff) throw new ArgumentOutOfRangeException(nameof(maxBackoff), maxBackoff, "maxBackoff must be at least minBackoff.");
        if (randomFactor is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "randomFactor must be between 0.0 and 1.0.");
        Actor.Internal.ActorCell.ValidateName(childName);
        Mode = mode;
        ChildProps = childProps;
        ChildName = childName;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        RandomFactor = randomFactor;
        AutoReset = minBackoff;
    }

    public static BackoffOptions OnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(BackoffMode.OnFailure, childProps, childName, minBackoff, maxBackoff, randomFactor);

    public static BackoffOptions OnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(BackoffMode.OnStop, childProps, childName, minBackoff, maxBackoff, randomFactor);

    public BackoffMode Mode { get; }

    public Props ChildProps { get; }

    public string ChildName { get; }

    public TimeSpan MinBackoff { get; }

    public TimeSpan MaxBackoff { get; }

    public double RandomFactor { get; }

    /// <summary>Restarts allowed before the supervisor gives up and stops; -1 for no limit.</summary>
    public int MaxNrOfRetries { get; init; } = -1;

    /// <summary>After this much uptime of the child the restart count goes back to 0; null means only a <see cref="BackoffSupervisor.Reset"/> message resets it.</summary>
    public TimeSpan? AutoReset { get; init; }

    /// <summary>Messages for which the supervisor, after forwarding them, stops itself once the child stops.</summary>
    public Func<object, bool>? FinalStopMessage { get; init; }

    /// <summary>Reply to senders while no child is running; null sends their messages to dead letters.</summary>
    public object? ReplyWhileStopped { get; init; }

    /// <summary>The strategy for the child's failures in <see cref="BackoffMode.OnStop"/> mode (default: restart at once).</summary>
    public SupervisorStrategy? Strategy { get; init; }

    public BackoffOptions WithAutoReset(TimeSpan resetBackoff) => this with { AutoReset = resetBackoff };

    public BackoffOptions WithManualReset() => this with { AutoReset = null };

    public BackoffOptions WithMaxNrOfRetries(int maxNrOfRetries) => this with { MaxNrOfRetries = maxNrOfRetries };

    public BackoffOptions WithFinalStopMessage(Func<object, bool> isFinalStopMessage) => this with { FinalStopMessage = isFinalStopMessage };

    public BackoffOptions WithReplyWhileStopped(object reply) => this with { ReplyWhileStopped = reply };

    public BackoffOptions WithSupervisorStrategy(SupervisorStrategy strategy) => this with { Strategy = strategy };

    /// <summary>The delay before restart number <paramref name="restartCount"/> (0-based), given a random draw in [0, 1).</summary>
    public TimeSpan Delay(int restartCount, double random)
    {
        var exponential = MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(restartCount, 62));
        var capped = Math.Min(MaxBackoff.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped * (1 + random * RandomFactor));
    }

    /// <summary>Props of the supervisor.</summary>
    public Props Props() => Actor.Props.Create(() => new BackoffSupervisor(this));
}
