using System.Runtime.CompilerServices;
using Kane.Dispatch.Internal;

namespace Kane.Runtime.Tests.Dispatch;

public sealed class WorkerPoolSpec
{
    [Fact]
    public async Task Every_scheduled_item_runs_including_items_scheduled_from_workers()
    {
        var pool = new WorkerPool("spec", 2);
        var done = new CountingItem(pool, fanOut: 1_000);
        pool.Schedule(done);
        await done.AllRan.WaitAsync(TimeSpan.FromSeconds(10));
        pool.Stop();
    }

    [Fact]
    public async Task Stop_ends_the_threads_and_later_work_still_runs()
    {
        var pool = new WorkerPool("spec", 2);
        var first = new CountingItem(pool, fanOut: 0);
        pool.Schedule(first);
        await first.AllRan.WaitAsync(TimeSpan.FromSeconds(10));
        pool.Stop();
        while (pool.LiveThreads > 0) await Task.Delay(10).WaitAsync(TimeSpan.FromSeconds(10));
        var late = new CountingItem(pool, fanOut: 0);
        pool.Schedule(late);
        await late.AllRan.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, pool.LiveThreads);
    }

    [Fact]
    public async Task Two_items_that_keep_scheduling_each_other_do_not_starve_an_older_item()
    {
        var pool = new WorkerPool("spec", 1);
        var stop = new StrongBox<bool>();
        var a = new Bouncer(pool, stop);
        var b = new Bouncer(pool, stop);
        a.Partner = b;
        b.Partner = a;
        var older = new CountingItem(pool, fanOut: 0);
        // Scheduled from the worker itself so that all three share its deque, the older item beneath the pair.
        pool.Schedule(new Starter(() =>
        {
            pool.Schedule(older);
            pool.Schedule(a);
        }));
        await older.AllRan.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Value = true;
        pool.Stop();
    }

    private sealed class Starter(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }

    private sealed class Bouncer(WorkerPool pool, StrongBox<bool> stop) : IThreadPoolWorkItem
    {
        public Bouncer? Partner;

        public void Execute()
        {
            if (!Volatile.Read(ref stop.Value)) pool.Schedule(Partner!);
        }
    }

    /// <summary>Runs once, then schedules <c>fanOut</c> children from the worker thread; completes when all have run.</summary>
    private sealed class CountingItem : IThreadPoolWorkItem
    {
        private readonly WorkerPool _pool;
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _fanOut;
        private int _left;

        public CountingItem(WorkerPool pool, int fanOut)
        {
            _pool = pool;
            _fanOut = fanOut;
            _left = fanOut + 1;
        }

        public Task AllRan => _all.Task;

        public void Execute()
        {
            for (var i = 0; i < _fanOut; i++) _pool.Schedule(new Child(this));
            Done();
        }

        private void Done()
        {
            if (Interlocked.Decrement(ref _left) == 0) _all.TrySetResult();
        }

        private sealed class Child(CountingItem parent) : IThreadPoolWorkItem
        {
            public void Execute() => parent.Done();
        }
    }
}
