using Kane.Actor;

namespace Kane.Scheduling;

/// <summary>
/// Sends messages or runs actions later. Every timing facility of the runtime (timers, receive timeouts, ask
/// timeouts, back-off) goes through the system's scheduler, so a test with a virtual clock never sleeps.
/// </summary>
public interface IScheduler
{
    /// <summary>The clock the scheduler runs on.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The scheduler's current time.</summary>
    DateTimeOffset Now { get; }

    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> on the thread pool after <paramref name="delay"/>; it must not block.</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);

    ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action);
}
