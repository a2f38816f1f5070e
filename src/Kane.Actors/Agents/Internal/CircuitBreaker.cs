namespace Kane.Actors.Internal;

/// <summary>The three states of an agent's breaker.</summary>
internal enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>
/// An agent's circuit breaker as an immutable value: closed until <see cref="MaxFailures"/> consecutive tasks fail,
/// then open (no tasks) until <see cref="ResetTimeout"/> has passed, then half-open: exactly one probe task may start;
/// its success closes the breaker, its failure opens it again for another reset timeout. Time comes in as an
/// argument, so tests drive it with any clock.
/// </summary>
internal readonly record struct CircuitBreaker(int MaxFailures, TimeSpan ResetTimeout)
{
    /// <summary>The stored state; <see cref="StateAt"/> also accounts for the reset timeout.</summary>
    public BreakerState State { get; init; }

    /// <summary>Failed tasks since the last success (while closed).</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the breaker last opened.</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>True while the single half-open probe runs.</summary>
    public bool ProbeInFlight { get; init; }

    /// <summary>The state at <paramref name="now"/>: an open breaker whose reset timeout has passed is half-open.</summary>
    public BreakerState StateAt(DateTimeOffset now) =>
        State == BreakerState.Open && now - OpenedAt >= ResetTimeout ? BreakerState.HalfOpen : State;

    /// <summary>When an open breaker turns half-open.</summary>
    public DateTimeOffset HalfOpenAt => OpenedAt + ResetTimeout;

    /// <summary>True when a task may start now (closed, or half-open with no probe running).</summary>
    public bool Allows(DateTimeOffset now) => StateAt(now) switch
    {
        BreakerState.Closed => true,
        BreakerState.HalfOpen => !ProbeInFlight,
        _ => false,
    };

    /// <summary>A task started: in the half-open state it is the probe.</summary>
    public CircuitBreaker OnStart(DateTimeOffset now) => StateAt(now) == BreakerState.HalfOpen
        ? this with { State = BreakerState.HalfOpen, ProbeInFlight = true }
        : this;

    /// <summary>A task succeeded: the breaker closes (a successful probe, or any success, proves the agent works).</summary>
    public CircuitBreaker OnSuccess() => this with { State = BreakerState.Closed, ConsecutiveFailures = 0, ProbeInFlight = false };

    /// <summary>A task failed for good: a failed probe reopens the breaker; the max-failures-th consecutive failure opens it.</summary>
    public CircuitBreaker OnFailure(DateTimeOffset now)
    {
        switch (StateAt(now))
        {
            case BreakerState.HalfOpen:
                return this with { State = BreakerState.Open, OpenedAt = now, ProbeInFlight = false, ConsecutiveFailures = ConsecutiveFailures + 1 };
            case BreakerState.Open:
                return this with { ConsecutiveFailures = ConsecutiveFailures + 1 };
            default:
                var failures = ConsecutiveFailures + 1;
                return failures >= MaxFailures
                    ? this with { State = BreakerState.Open, OpenedAt = now, ConsecutiveFailures = failures }
                    : this with { ConsecutiveFailures = failures };
        }
    }

    /// <summary>closed, open or half-open, as <see cref="AgentInfo.Breaker"/> shows it.</summary>
    public string Label(DateTimeOffset now) => StateAt(now) switch
    {
        BreakerState.Closed => "closed",
        BreakerState.Open => "open",
        _ => "half-open",
    };
}
