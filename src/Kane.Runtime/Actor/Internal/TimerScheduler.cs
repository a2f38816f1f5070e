using Kane.Scheduling;

namespace Kane.Actor.Internal;

/// <summary>
/// An actor's keyed timers on top of the system scheduler. Each start bumps a generation; a timer message whose
/// generation is no longer current was cancelled or replaced and is dropped on arrival.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Timer> _timers = [];
    private int _generation;

    public IReadOnlyCollection<object> ActiveTimers => [.. _timers.Keys];

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (interval is { } i && i <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), i, "A periodic timer's interval must be positive.");
        Cancel(key);
        var generation = ++_generation;
        var timerMessage = new TimerMessage(key, generation, message);
        var scheduler = cell.System.Scheduler;
        var task = interval is { } period
            ? scheduler.ScheduleTellRepeatedly(delay, period, cell.Self, timerMessage, cell.Self)
            : scheduler.ScheduleTellOnce(delay, cell.Self, timerMessage, cell.Self);
        _timers[key] = new Timer(generation, interval is null, task);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer)) timer.Task.Cancel();
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values) timer.Task.Cancel();
        _timers.Clear();
    }

    /// <summary>A timer message arrived: deliver its payload if the timer is still the current one for its key.</summary>
    public void Deliver(TimerMessage message, ActorCell target)
    {
        if (!_timers.TryGetValue(message.Key, out var timer) || timer.Generation != message.Generation) return;
        if (timer.SingleShot) _timers.Remove(message.Key);
        target.ReceiveMessage(message.Payload);
    }

    private sealed record Timer(int Generation, bool SingleShot, ICancelable Task);

    internal sealed record TimerMessage(object Key, int Generation, object Payload) : IAutoReceivedMessage, INotInfluenceReceiveTimeout;
}
