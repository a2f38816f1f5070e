namespace Kane.Dispatch.Internal;

/// <summary>
/// A worker's queue of mailbox turns: the owner pushes and pops at the top (newest first), and takes from the
/// bottom for fairness and for turns that used up their budget; other workers steal from the bottom. A small spin
/// lock suffices: it is taken once per turn, not per message, and is almost never contended. A push releases it with
/// an atomic exchange, the full fence the pool's wake-up protocol needs between a push and reading who sleeps.
/// </summary>
internal sealed class WorkDeque
{
    private IThreadPoolWorkItem?[] _items = new IThreadPoolWorkItem?[32];
    private int _bottom;
    private int _count;
    private int _lock;

    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    public void PushTop(IThreadPoolWorkItem item)
    {
        Enter();
        if (_count == _items.Length) Grow();
        _items[(_bottom + _count) & (_items.Length - 1)] = item;
        _count++;
        ExitWithFence();
    }

    public void PushBottom(IThreadPoolWorkItem item)
    {
        Enter();
        if (_count == _items.Length) Grow();
        _bottom = (_bottom - 1) & (_items.Length - 1);
        _items[_bottom] = item;
        _count++;
        ExitWithFence();
    }

    public bool TryPopTop(out IThreadPoolWorkItem item)
    {
        item = null!;
        if (IsEmpty) return false;
        Enter();
        var found = _count > 0;
        if (found)
        {
            var i = (_bottom + _count - 1) & (_items.Length - 1);
            item = _items[i]!;
            _items[i] = null;
            _count--;
        }
        Exit();
        return found;
    }

    public bool TryPopBottom(out IThreadPoolWorkItem item)
    {
        item = null!;
        if (IsEmpty) return false;
        Enter();
        var found = _count > 0;
        if (found)
        {
            item = _items[_bottom]!;
            _items[_bottom] = null;
            _bottom = (_bottom + 1) & (_items.Length - 1);
            _count--;
        }
        Exit();
        return found;
    }

    // No try/finally: nothing between Enter and Exit throws except OutOfMemory in Grow, after which the pool is lost anyway.
    private void Enter()
    {
        if (Interlocked.CompareExchange(ref _lock, 1, 0) == 0) return;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _lock) != 0 || Interlocked.CompareExchange(ref _lock, 1, 0) != 0) spinner.SpinOnce();
    }

    private void Exit() => Volatile.Write(ref _lock, 0);

    private void ExitWithFence() => Interlocked.Exchange(ref _lock, 0);

    private void Grow()
    {
        var bigger = new IThreadPoolWorkItem?[_items.Length * 2];
        for (var i = 0; i < _count; i++) bigger[i] = _items[(_bottom + i) & (_items.Length - 1)];
        _items = bigger;
        _bottom = 0;
    }
}
