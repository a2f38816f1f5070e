using Kane.Actor;
using Kane.Cluster;
using Kane.Persistence;
using Microsoft.Extensions.Logging;

namespace Kane.Actors.Internal;

// Registration, timers, progress and watchers, cancellation, deadlines and the end.
internal sealed partial class JobEntity
{
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private readonly HashSet<IActorRef> _watchers = [];
    private readonly Queue<(DateTimeOffset At, int Finished, long Bytes)> _samples = new();
    private bool _running;
    private bool _registered;
    private long _reportedVersion = -1;
    private DateTimeOffset _lastCheckpoint;

    private void StartRunning()
    {
        if (_running) return;
        _running = true;
        _cluster.Subscribe(Self, InitialStateMode.AsSnapshot, typeof(MemberRemoved), typeof(MemberDowned));
        Register();
        Timers.StartPeriodicTimer("register", RegisterTick.Instance, _settings.OfferRedeliveryInterval);
        Timers.StartPeriodicTimer("progress", ProgressTick.Instance, _settings.ProgressInterval);
        var check = TimeSpan.FromTicks(Math.Min(_settings.OfferRedeliveryInterval.Ticks / 2, TimeSpan.FromSeconds(1).Ticks));
        Timers.StartPeriodicTimer("check", CheckTick.Instance, check);
        if (_state.Created!.Deadline is { } deadline)
            Timers.StartSingleTimer("deadline", DeadlineTick.Instance, Max(deadline, Now) - Now);
        OfferAll();
    }

    private void StopRunning()
    {
        Timers.Cancel("register");
        Timers.Cancel("check");
        Timers.Cancel("deadline");
    }

    private void Register()
    {
        if (_registered || !_state.IsRunning) return;
        var c = _state.Created!;
        Coordinator.Tell(new JobRegistered(_jobId, c.Name, c.Priority, c.At), Self);
    }

    private void OnRegisteredAck()
    {
        _registered = true;
        Timers.Cancel("register");
    }

    private JobProgress Progress()
    {
        var finished = _state.Total - _state.Unfinished;
        if (_samples.Count == 0) return _state.Progress(0, 0);
        var (at, f, b) = _samples.Peek();
        var seconds = (Now - at).TotalSeconds;
        return seconds <= 0.001 ? _state.Progress(0, 0) : _state.Progress((finished - f) / seconds, (_state.Bytes - b) / seconds);
    }

    private void OnProgressTick()
    {
        var now = Now;
        _samples.Enqueue((now, _state.Total - _state.Unfinished, _state.Bytes));
        while (_samples.Count > 1 && now - _samples.Peek().At > RateWindow) _samples.Dequeue();
        if (_state.Version == _reportedVersion)
        {
            if (!_state.IsRunning) Timers.Cancel("progress");
            return;
        }
        _reportedVersion = _state.Version;
        var progress = Progress();
        Coordinator.Tell(new JobProgressReport(_jobId, _state.Status, progress), Self);
        if (_watchers.Count > 0)
        {
            var view = _state.View(progress, false, 0);
            foreach (var w in _watchers) w.Tell(view, Self);
        }
        if (_state.IsRunning && now - _lastCheckpoint >= CheckpointEvery)
        {
            _lastCheckpoint = now;
            Write(new JobProgressCheckpoint(progress, now), () => { }, tagged: true);
        }
    }

    private void OnCheckTick()
    {
        if (!_state.IsRunning) return;
        var now = Now;
        var timedOut = _state.DueTimeouts(now);
        if (timedOut.Count > 0) CheckTimedOut(timedOut, now);
        ExpireChecks(now);
        var expired = _state.DueDeadlines(now);
        if (expired.Count > 0) Abandon(expired, "the task's deadline passed before it started");
        if (_state.Queued.Count > 0 && now - Max(_lastDispatch, _lastOffer) >= _settings.OfferRedeliveryInterval) OfferAll();
    }

    private void OnJobDeadline()
    {
        if (!_state.IsRunning) return;
        var nodes = _state.NodesWithDispatched.ToList();
        var ids = _state.UnfinishedIds.ToList();
        if (ids.Count == 0) return;
        Write(new TasksAbandoned(ids, "the job's deadline passed", Now), () =>
        {
            foreach (var n in nodes) Paths.Resolve(Context.System, n.CoordinatorPath).Tell(new CancelJobTasks(_jobId), Self);
            CheckEnd();
        });
    }

    private void OnCancel(CancelJob cancel)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new JobNotFound(_jobId));
            Context.Stop(Self);
            return;
        }
        if (!_state.IsRunning)
        {
            Sender.Tell(View());
            return;
        }
        var nodes = _state.NodesWithDispatched.ToList();
        var sender = Sender;
        Write(new JobCancelled(cancel.Reason, Now), () =>
        {
            LogInformationCancelled(Log, _jobId, cancel.Reason);
            foreach (var n in nodes) Paths.Resolve(Context.System, n.CoordinatorPath).Tell(new CancelJobTasks(_jobId), Self);
            sender.Tell(View());
            Finish();
        }, tagged: true);
    }

    /// <summary>Journals the end once every task is terminal.</summary>
    private void CheckEnd()
    {
        if (!_state.IsRunning || _state.Unfinished > 0) return;
        Write(new JobEnded(_state.EndStatus, _state.Progress(0, 0), Now), () =>
        {
            LogInformationEnded(Log, _jobId, _state.Status, _state.Total);
            Finish();
        }, tagged: true);
    }

    /// <summary>After the end (or cancellation) is durable: the last report and view, then quiet.</summary>
    private void Finish()
    {
        StopRunning();
        _reportedVersion = _state.Version;
        var progress = Progress();
        Coordinator.Tell(new JobProgressReport(_jobId, _state.Status, progress), Self);
        var view = _state.View(progress, false, 0);
        foreach (var w in _watchers)
        {
            w.Tell(view, Self);
            Context.Unwatch(w);
        }
        _watchers.Clear();
        Timers.Cancel("progress");
    }

    private void OnWatch(WatchJob _)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new JobNotFound(_jobId));
            Context.Stop(Self);
            return;
        }
        Sender.Tell(View());
        if (!_state.IsRunning) return;
        if (_watchers.Add(Sender)) Context.Watch(Sender);
    }

    private void Unwatch(IActorRef watcher)
    {
        if (_watchers.Remove(watcher)) Context.Unwatch(watcher);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} accepted with {Tasks} tasks")]
    private static partial void LogInformationAccepted(ILogger logger, string jobId, int tasks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {Status} with {Tasks} tasks")]
    private static partial void LogInformationEnded(ILogger logger, string jobId, JobStatus status, int tasks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled: {Reason}")]
    private static partial void LogInformationCancelled(ILogger logger, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} re-dispatches {Count} attempts: {Reason}")]
    private static partial void LogInformationRequeued(ILogger logger, string jobId, int count, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} recovered with {Tasks} tasks, {Status}")]
    private static partial void LogDebugRecovered(ILogger logger, string jobId, int tasks, JobStatus status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} dropped a dispatch to {Node}, which is not a member")]
    private static partial void LogDebugDispatchToDeadNode(ILogger logger, string jobId, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId}: {Count} tasks stolen from {From} by {To}")]
    private static partial void LogDebugStolen(ILogger logger, string jobId, int count, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} could not save a snapshot: {Reason}")]
    private static partial void LogWarningSnapshotFailed(ILogger logger, string jobId, string reason);
}
