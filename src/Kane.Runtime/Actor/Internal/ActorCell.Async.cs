namespace Kane.Actor.Internal;

internal sealed partial class ActorCell
{
    /// <summary>
    /// Runs an async handler: continuations come back to this actor as system messages (so Self and Sender stay
    /// valid), and user messages wait until the task completes.
    /// </summary>
    internal void RunAsync(Func<Task> handler)
    {
        var envelope = _current;
        Task task;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new ActorSynchronizationContext(this));
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }
        Extras.AsyncEnvelope = envelope;
        Extras.AsyncTask = task;
        Mailbox.Suspend();
        task.ContinueWith(static (t, state) => ((LocalActorRef)state!).SendSystemMessage(new AsyncCompleted(t)),
            Self, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void RunContinuation(AsyncContinuation continuation)
    {
        if (IsTerminating) return;
        var saved = _current;
        _current = _extras?.AsyncEnvelope ?? saved;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new ActorSynchronizationContext(this));
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _current = saved;
        }
    }

    private void AsyncHandlerCompleted(Task task)
    {
        // Only the completion of the handler we are waiting for resumes the mailbox: a handler of an instance that
        // was restarted meanwhile has had its suspension given back already.
        if (_extras is null || !ReferenceEquals(_extras.AsyncTask, task)) return;
        var envelope = _extras.AsyncEnvelope;
        _extras.AsyncEnvelope = null;
        _extras.AsyncTask = null;
        Mailbox.Resume();
        if (task.IsFaulted || task.IsCanceled)
        {
            _current = envelope;
            HandleInvokeFailure(task.Exception?.InnerException ?? new TaskCanceledException(task));
        }
    }

    /// <summary>Posts continuations of async handlers back into the actor's mailbox as system messages.</summary>
    private sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => cell.Self.SendSystemMessage(new AsyncContinuation(d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Synchronous Send into an actor would block it; use Post.");

        public override SynchronizationContext CreateCopy() => new ActorSynchronizationContext(cell);
    }
}
