using System.Collections.Concurrent;

namespace Kane.Dispatch.Internal;

/// <summary>
/// A fixed set of worker threads that run mailbox turns. Each worker owns a deque: a mailbox scheduled from a worker
/// goes on top of that worker's deque and runs next (the sender's data is still in its cache, and a tree of spawns
/// runs depth-first, so few of its actors are alive at once); one scheduled from elsewhere goes to the shared queue.
/// An idle worker steals the oldest turn of another before it spins briefly and parks. Unlike the .NET pool there is
/// no hill-climbing: on a small machine that added threads which only time-sliced the same cores.
/// </summary>
/// <remarks>
/// Newest-first alone could starve old turns while two actors keep scheduling each other, so every
/// <see cref="FairnessInterval"/>th pick takes the shared queue's head or the deque's oldest turn instead, and a mailbox
/// that used up its throughput budget goes to the bottom of its worker's deque, behind everything waiting.
/// </remarks>
internal sealed class WorkerPool
{
    // Rounds of checking every queue before parking; long enough to catch the reply of a ping-pong partner, short
    // enough that an idle system does not burn a core.
    private const int SpinRounds = 64;

    // Often enough that a turn waits a bounded number of picks; rare enough that a spawn tree stays mostly depth-first
    // (each fairness pick starts another shallow subtree, all alive at once: with 32, skynet spent ~3x the GC pause).
    private const int FairnessInterval = 128;

    [ThreadStatic] private static Worker? t_worker;

    private readonly Worker[] _workers;
    private readonly ConcurrentQueue<IThreadPoolWorkItem> _shared = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly string _name;
    private readonly int _maxSpinners;
    private int _sleepers;
    private int _spinners;
    private int _started;
    private int _live;
    private int _stopped;

    public WorkerPool(string name, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _name = name;
        _workers = new Worker[threads];
        _maxSpinners = Math.Max(1, threads / 2);
        for (var i = 0; i < threads; i++) _workers[i] = new Worker(this, i);
    }

    public int ThreadCount => _workers.Length;

    /// <summary>This pool's worker running on the calling thread, or null.</summary>
    public Worker? CurrentWorker
    {
        get
        {
            var worker = t_worker;
            return worker is not null && worker.Pool == this ? worker : null;
        }
    }

    /// <summary>Worker threads that have started and not yet exited; zero some time after <see cref="Stop"/>.</summary>
    public int LiveThreads => Volatile.Read(ref _live);

    /// <summary>Queues a work item; the threads start on first use so that a system that never runs actors here costs nothing.</summary>
    public void Schedule(IThreadPoolWorkItem item) => Schedule(item, CurrentWorker);

    /// <summary>Queues a work item; <paramref name="worker"/> is <see cref="CurrentWorker"/>, read once by the caller.</summary>
    public void Schedule(IThreadPoolWorkItem item, Worker? worker)
    {
        if (Stopped)
        {
            // Late work after termination (a message to an actor that outlived its system) still runs somewhere.
            ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
            return;
        }
        if (Volatile.Read(ref _started) == 0) Start();
        if (worker is not null)
        {
            // A push ends with a full fence, which the wake-up protocol below relies on.
            if (ReferenceEquals(item, worker.Running)) worker.Queue.PushBottom(item);
            else worker.Queue.PushTop(item);
        }
        else _shared.Enqueue(item);
        // Stop may have drained the queues between the check above and the enqueue: drain again so nothing is lost.
        if (Stopped) Drain();
        // A spinning worker will find the item; waking a sleeper as well would only cost a futex call and a core.
        else if (Volatile.Read(ref _spinners) == 0 && Volatile.Read(ref _sleepers) > 0) WakeOne();
    }

    private bool Stopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Lets the threads finish their current item and exit; safe to call from a worker.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _wake.Release(_workers.Length);
        Drain();
    }

    /// <summary>Hands whatever is still queued to the .NET pool, so that work scheduled around a stop is not lost.</summary>
    private void Drain()
    {
        foreach (var worker in _workers)
            while (worker.Queue.TryPopBottom(out var item)) ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        while (_shared.TryDequeue(out var item)) ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    private void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        Interlocked.Add(ref _live, _workers.Length);
        foreach (var worker in _workers)
            new Thread(worker.Loop) { IsBackground = true, Name = $"{_name}-{worker.Index}" }.Start();
    }

    private void WakeOne()
    {
        int s;
        while ((s = Volatile.Read(ref _sleepers)) > 0)
        {
            if (Interlocked.CompareExchange(ref _sleepers, s - 1, s) == s)
            {
                _wake.Release();
                return;
            }
        }
    }

    private bool TryTake(Worker self, out IThreadPoolWorkItem item)
    {
        if (++self.Picks % FairnessInterval == 0)
        {
            if (_shared.TryDequeue(out item!) || self.Queue.TryPopBottom(out item)) return true;
        }
        if (self.Queue.TryPopTop(out item) || _shared.TryDequeue(out item!)) return true;
        var workers = _workers;
        for (int i = 1, n = workers.Length; i < n; i++)
            if (workers[(self.Index + i) % n].Queue.TryPopBottom(out item)) return true;
        return false;
    }

    private bool HasWork()
    {
        if (!_shared.IsEmpty) return true;
        foreach (var worker in _workers)
            if (!worker.Queue.IsEmpty) return true;
        return false;
    }

    /// <summary>One worker thread: its deque, and what it is running.</summary>
    internal sealed class Worker(WorkerPool pool, int index)
    {
        public readonly WorkerPool Pool = pool;
        public readonly int Index = index;
        public readonly WorkDeque Queue = new();

        /// <summary>The item this worker is executing; if it schedules itself again it goes to the bottom.</summary>
        public IThreadPoolWorkItem? Running;

        public uint Picks;

        public void Loop()
        {
            t_worker = this;
            var pool = Pool;
            var woken = false;
            while (!pool.Stopped)
            {
                if (pool.TryTake(this, out var item) || TrySpin(pool, out item))
                {
                    // Producers wake nobody while a worker spins, and a spinner that finds work wakes at most one; a
                    // woken worker that finds work passes the baton if more is queued, so a burst reaches every sleeper.
                    if (woken && Volatile.Read(ref pool._sleepers) > 0 && pool.HasWork()) pool.WakeOne();
                    woken = false;
                    Running = item;
                    item.Execute();
                    Running = null;
                    continue;
                }
                Park(pool);
                woken = true;
            }
            t_worker = null;
            Interlocked.Decrement(ref pool._live);
        }

        /// <summary>
        /// Looks for work a while before parking, if not too many others already do: on a small machine idle spinners
        /// would take the cores from the threads that produce the work (an asking caller, a timer).
        /// </summary>
        private bool TrySpin(WorkerPool pool, out IThreadPoolWorkItem item)
        {
            item = null!;
            var spinning = Volatile.Read(ref pool._spinners);
            if (spinning >= pool._maxSpinners || Interlocked.CompareExchange(ref pool._spinners, spinning + 1, spinning) != spinning)
                return false;
            var found = false;
            var spinner = new SpinWait();
            for (var i = 0; i < SpinRounds && !pool.Stopped; i++)
            {
                if (found = pool.TryTake(this, out item)) break;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            Interlocked.Decrement(ref pool._spinners);
            // Producers do not wake a sleeper while someone spins, so work queued behind the item just found would wait
            // for this thread: hand it to a sleeper. Stopping spinning before looking closes the race with producers.
            if (found && Volatile.Read(ref pool._sleepers) > 0 && pool.HasWork()) pool.WakeOne();
            return found;
        }

        private static void Park(WorkerPool pool)
        {
            // Announce first, then look again: a producer that enqueued before seeing the announcement is caught by
            // the second look, one that enqueued after it sees the announcement and releases the semaphore.
            Interlocked.Increment(ref pool._sleepers);
            if (pool.HasWork() || pool.Stopped)
            {
                // Withdraw the announcement; if a producer already took it, its release only causes one spare wake-up.
                int s;
                while ((s = Volatile.Read(ref pool._sleepers)) > 0)
                    if (Interlocked.CompareExchange(ref pool._sleepers, s - 1, s) == s) break;
                return;
            }
            pool._wake.Wait();
        }
    }
}
