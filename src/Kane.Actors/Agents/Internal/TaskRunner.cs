using Kane.Actor;
using Kane.Pattern;

namespace Kane.Actors.Internal;

/// <summary>
/// Runs the retries of one task, as the child of a <see cref="BackoffSupervisor"/>: each incarnation runs the handler
/// once (off the actor's thread), reports the run to the agent, and throws on a retryable failure while retries are
/// left, so that the supervisor starts the next incarnation after an exponential back-off. On success, a fatal error
/// or the last retry it stops itself, and the supervisor with it.
/// </summary>
internal sealed class TaskRunner : ReceiveActor
{
    private readonly string _key;
    private readonly IActorRef _agent;
    private readonly Func<int, Task<TaskOutcome>> _run;
    private readonly int _maxRetries;
    private readonly CancellationToken _cancellation;
    private int _retry;

    private TaskRunner(string key, IActorRef agent, Func<int, Task<TaskOutcome>> run, int maxRetries, CancellationToken cancellation, RetryCounter counter)
    {
        _key = key;
        _agent = agent;
        _run = run;
        _maxRetries = maxRetries;
        _cancellation = cancellation;
        _retry = ++counter.Value;
        Receive<Done>(OnDone);
    }

    /// <summary>Counts incarnations across the supervisor's restarts: incarnation n runs retry n.</summary>
    internal sealed class RetryCounter
    {
        public int Value;
    }

    private sealed record Done(TaskOutcome? Outcome, Exception? Error);

    /// <summary>Props of the supervisor that owns the runner: restarts after min·2ⁿ (capped, jittered) back-off.</summary>
    public static Props Supervised(string key, IActorRef agent, Func<int, Task<TaskOutcome>> run, int maxRetries, CancellationToken cancellation, KaneAgentsSettings settings)
    {
        var counter = new RetryCounter();
        // The agent waited min-backoff before the first retry; the supervisor's delays continue the doubling from there.
        var min = TimeSpan.FromTicks(Math.Min(settings.RetryMaxBackoff.Ticks, settings.RetryMinBackoff.Ticks * 2));
        var runner = Props.Create(() => new TaskRunner(key, agent, run, maxRetries, cancellation, counter));
        return BackoffOptions.OnFailure(runner, "run", min, settings.RetryMaxBackoff, settings.RetryRandomFactor)
            .WithManualReset()
            .WithMaxNrOfRetries(Math.Max(0, maxRetries - 1))
            .Props();
    }

    /// <summary>Whether run number <paramref name="retry"/> that failed with <paramref name="error"/> is followed by another.</summary>
    public static bool ShouldRetry(TaskError error, int retry, int maxRetries, bool cancelled) => error.Recoverable && retry < maxRetries && !cancelled;

    /// <summary>The nominal delay before retry <paramref name="retry"/> (1-based), without jitter: min·2^(retry−1), capped.</summary>
    public static TimeSpan NominalDelay(int retry, KaneAgentsSettings settings)
    {
        var ms = settings.RetryMinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(0, retry - 1), 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, settings.RetryMaxBackoff.TotalMilliseconds));
    }

    protected override void PreStart()
    {
        var self = Self;
        var retry = _retry;
        Task.Run(() => _run(retry)).ContinueWith(t => self.Tell(t.IsCompletedSuccessfully
            ? new Done(t.Result, null)
            : new Done(null, t.IsCanceled ? new OperationCanceledException() : t.Exception!.InnerException ?? t.Exception)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnDone(Done done)
    {
        var error = done.Error is null ? null : ErrorCodes.Classify(done.Error);
        _agent.Tell(new RunEnded(_key, _retry, done.Outcome, error), Self);
        if (error is not null && ShouldRetry(error, _retry, _maxRetries, _cancellation.IsCancellationRequested))
            throw new TaskFailedException(error);
        Context.Stop(Self);
    }
}
