using Kane.Actor.Internal;
using Kane.Dispatch.Internal;

namespace Kane.Dispatch;

/// <summary>
/// The default dispatcher: mailbox turns run on a fixed set of dedicated threads with per-thread queues and work
/// stealing. A message sent from an actor schedules its receiver on the sending thread's queue, so a conversation
/// between two actors tends to stay on warm caches; idle threads steal before they park.
/// </summary>
public sealed class ForkJoinDispatcher : MessageDispatcher
{
    private readonly WorkerPool _pool;

    /// <param name="parallelism">Worker threads; 0 or less means one per processor.</param>
    public ForkJoinDispatcher(string id, int throughput, int parallelism = 0) : base(id, throughput)
    {
        _pool = new WorkerPool(id, parallelism > 0 ? parallelism : Environment.ProcessorCount);
    }

    /// <summary>Number of worker threads.</summary>
    public int Parallelism => _pool.ThreadCount;

    /// <summary>Worker threads currently alive; zero some time after the system terminated.</summary>
    internal int LiveThreads => _pool.LiveThreads;

    /// <remarks>
    /// A message from outside any actor, sent on a .NET pool thread (a request handler, a task continuation), runs its
    /// receiver's turn on the .NET pool, typically on that same thread once it is free: a request/response from such
    /// code then needs no hand-off to a worker and back, which on a busy machine cost several microseconds per ask.
    /// The pool's global queue rather than the thread's local one, so that a caller blocking on the reply does not sit
    /// on top of the turn it waits for. Work between actors stays on the workers, so an actor fed from outside joins
    /// them as soon as an actor sends to it.
    /// </remarks>
    internal override void Execute(Mailbox mailbox)
    {
        var worker = _pool.CurrentWorker;
        if (worker is null && ActorCell.Current is null && Thread.CurrentThread.IsThreadPoolThread)
            ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
        else
            _pool.Schedule(mailbox, worker);
    }

    internal override void Shutdown() => _pool.Stop();
}
