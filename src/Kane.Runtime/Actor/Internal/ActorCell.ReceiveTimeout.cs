namespace Kane.Actor.Internal;

internal sealed partial class ActorCell
{
    public TimeSpan? ReceiveTimeout => _extras?.ReceiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && (t <= TimeSpan.Zero || t == Timeout.InfiniteTimeSpan)) timeout = null;
        if (timeout is null && _extras is null) return;
        Extras.ReceiveTimeout = timeout;
        RescheduleReceiveTimeout();
    }

    private void RescheduleReceiveTimeout()
    {
        CancelReceiveTimeout();
        if (_extras?.ReceiveTimeout is { } timeout && !IsTerminating)
            _extras.ReceiveTimeoutTask = _system.Scheduler.ScheduleTellOnce(timeout, Self, Kane.Actor.ReceiveTimeout.Instance, Self);
    }

    private void CancelReceiveTimeout()
    {
        if (_extras?.ReceiveTimeoutTask is { } task)
        {
            task.Cancel();
            _extras.ReceiveTimeoutTask = null;
        }
    }
}
