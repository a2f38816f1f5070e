namespace Kane.Dispatch.Internal;

/// <summary>
/// A worker's queue of mailbox turns: the owner pushes and pops at the top (newest first), and takes from the
/// bottom for fairness and for turns that used up their budget; other workers steal from the bottom. A plain lock
/// suffices: it is taken once per turn, not per message, and is almost never contended.
/// </summary>
internal sealed class WorkDeque
{
    private IThreadPoolWorkItem?[] _items = new IThreadPoolWorkItem?[32];
    private int _bottom;
    private int _count;

    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    public void PushTop(IThreadPoolWorkItem item)
    {
        lock (this)
        {
            if (_count == _items.Length) Grow();
            _items[(_bottom + _count) & (_items.Length - 1)] = item;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public void PushBottom(IThreadPoolWorkItem item)
    {
        lock (this)
        {
            if (_count == _items.Length) Grow();
            _bottom = (_bottom - 1) & (_items.Length - 1);
            _items[_bottom] = item;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryPopTop(out IThreadPoolWorkItem item)
    {
        item = null!;
        if (IsEmpty) return false;
        lock (this)
        {
            if (_count == 0) return false;
            var i = (_bottom + _count - 1) & (_items.Length - 1);
            item = _items[i]!;
            _items[i] = null;
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    public bool TryPopBottom(out IThreadPoolWorkItem item)
    {
        item = null!;
        if (IsEmpty) return false;
        lock (this)
        {
            if (_count == 0) return false;
            item = _items[_bottom]!;
            _items[_bottom] = null;
            _bottom = (_bottom + 1) & (_items.Length - 1);
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    private void Grow()
    {
        var bigger = new IThreadPoolWorkItem?[_items.Length * 2];
        for (var i = 0; i < _count; i++) bigger[i] = _items[(_bottom + i) & (_items.Length - 1)];
        _items = bigger;
        _bottom = 0;
    }
}
