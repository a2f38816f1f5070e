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

    internal override void Execute(Mailbox mailbox) => _pool.Schedule(mailbox);

    internal override void Shutdown() => _pool.Stop();
}
