namespace Kane.Actor;

/// <summary>
/// Timers owned by an actor, identified by key: starting a timer with an active key replaces it, and a cancelled
/// or replaced timer's message is never delivered, even if it was already queued. All timers are cancelled when the
/// actor restarts or stops.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to self once after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> to self every <paramref name="interval"/>, first after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> to self after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    IReadOnlyCollection<object> ActiveTimers { get; }

    void Cancel(object key);

    void CancelAll();
}

/// <summary>Actors implementing this get <see cref="Timers"/> injected before their first message.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}
