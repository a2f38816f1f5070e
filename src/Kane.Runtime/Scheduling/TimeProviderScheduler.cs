using Kane.Actor;

namespace Kane.Scheduling;

/// <summary>
/// The scheduler on top of a <see cref="System.TimeProvider"/>: the system clock in production (whose timer queue
/// adds and removes in constant time, so millions of ask timeouts are cheap), a virtual clock in tests.
/// </summary>
public sealed class TimeProviderScheduler(TimeProvider timeProvider) : IScheduler
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public DateTimeOffset Now => TimeProvider.GetUtcNow();

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender) =>
        Start(delay, Timeout.InfiniteTimeSpan, new TellWork(receiver, message, sender));

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender) =>
        Start(initialDelay, CheckInterval(interval), new TellWork(receiver, message, sender));

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Start(delay, Timeout.InfiniteTimeSpan, new ActionWork(action));

    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        Start(initialDelay, CheckInterval(interval), new ActionWork(action));

    private static TimeSpan CheckInterval(TimeSpan interval) => interval > TimeSpan.Zero
        ? interval
        : throw new ArgumentOutOfRangeException(nameof(interval), interval, "A repeating schedule needs a positive interval.");

    private ScheduledWork Start(TimeSpan delay, TimeSpan period, ScheduledWork work)
    {
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        work.Timer = TimeProvider.CreateTimer(static s => ((ScheduledWork)s!).Fire(), work, delay, period);
        // A cancel that raced with creation saw no timer to dispose: dispose it here.
        if (work.IsCancellationRequested) work.Timer.Dispose();
        return work;
    }

    private abstract class ScheduledWork : ICancelable
    {
        private int _cancelled;

        public ITimer? Timer { get; set; }

        public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

        public bool Cancel()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) != 0) return false;
            Timer?.Dispose();
            return true;
        }

        public void Fire()
        {
            if (!IsCancellationRequested) Run();
        }

        protected abstract void Run();
    }

    private sealed class TellWork(IActorRef receiver, object message, IActorRef? sender) : ScheduledWork
    {
        protected override void Run() => receiver.Tell(message, sender);
    }

    private sealed class ActionWork(Action action) : ScheduledWork
    {
        protected override void Run() => action();
    }
}
