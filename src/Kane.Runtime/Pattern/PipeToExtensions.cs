using Kane.Actor;

namespace Kane.Pattern;

/// <summary>Sends the outcome of a task to an actor, the safe way to use async results inside actors.</summary>
public static class PipeToExtensions
{
    /// <summary>
    /// When the task completes, sends its result (mapped by <paramref name="success"/>) to <paramref name="recipient"/>;
    /// a fault or cancellation is sent as <see cref="Status.Failure"/> (or mapped by <paramref name="failure"/>).
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null) =>
        task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) recipient.Tell(success is null ? t.Result! : success(t.Result), sender);
            else recipient.Tell(Failure(t, failure), sender);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>When the task completes, sends <see cref="Status.Success"/> (or a failure) to <paramref name="recipient"/>.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null) =>
        task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) recipient.Tell(success is null ? new Status.Success(null) : success(), sender);
            else recipient.Tell(Failure(t, failure), sender);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static object Failure(Task t, Func<Exception, object>? failure)
    {
        Exception cause = t.IsCanceled ? new TaskCanceledException(t) : t.Exception!.InnerExceptions.Count == 1 ? t.Exception.InnerException! : t.Exception;
        return failure is null ? new Status.Failure(cause) : failure(cause);
    }
}
