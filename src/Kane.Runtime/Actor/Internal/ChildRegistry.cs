namespace Kane.Actor.Internal;

/// <summary>
/// The children of one actor by name. Most parents have a handful of children, so up to <see cref="ListLimit"/> live
/// in a small array searched linearly (a dictionary that grows 3 → 7 → 17 cost ~1 KB per parent of ten); beyond, a
/// dictionary. Callers lock the registry itself: it is reached from the parent's thread and from <c>ActorOf</c>
/// callers outside it.
/// </summary>
internal sealed class ChildRegistry
{
    private const int ListLimit = 16;

    private LocalActorRef?[] _list = new LocalActorRef?[4];
    private Dictionary<string, LocalActorRef>? _map;
    private int _count;

    /// <summary>The last generated child name's number (<c>$a</c>, <c>$b</c>, ...); incremented atomically, without the lock.</summary>
    public long NextName;

    public int Count => _count;

    public LocalActorRef? Get(string name)
    {
        if (_map is not null) return _map.GetValueOrDefault(name);
        for (var i = 0; i < _count; i++)
            if (string.Equals(_list[i]!.Name, name, StringComparison.Ordinal)) return _list[i];
        return null;
    }

    /// <summary>Adds the child unless its name is taken.</summary>
    public bool TryAdd(LocalActorRef child)
    {
        var name = child.Name;
        if (_map is not null)
        {
            if (!_map.TryAdd(name, child)) return false;
            _count++;
            return true;
        }
        if (Get(name) is not null) return false;
        if (_count == ListLimit)
        {
            _map = new Dictionary<string, LocalActorRef>(ListLimit * 2, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++) _map.Add(_list[i]!.Name, _list[i]!);
            _list = [];
            _map.Add(name, child);
            _count++;
            return true;
        }
        if (_count == _list.Length) Array.Resize(ref _list, _list.Length * 2);
        _list[_count++] = child;
        return true;
    }

    /// <summary>Removes the child with this ref's name if it is the same incarnation (same uid).</summary>
    public bool Remove(IActorRef child)
    {
        // The notification carries the registered LocalActorRef: its name and uid without making its path.
        var (name, uid) = child is LocalActorRef local ? (local.Name, local.Uid) : (child.Path.Name, child.Path.Uid);
        if (_map is not null)
        {
            if (!_map.TryGetValue(name, out var existing) || existing.Uid != uid) return false;
            _map.Remove(name);
            _count--;
            return true;
        }
        // The notification usually carries the very ref that was registered: find it without comparing names.
        for (var i = 0; i < _count; i++)
            if (ReferenceEquals(_list[i], child)) return RemoveAt(i);
        for (var i = 0; i < _count; i++)
            if (string.Equals(_list[i]!.Name, name, StringComparison.Ordinal))
                return _list[i]!.Uid == uid && RemoveAt(i);
        return false;
    }

    private bool RemoveAt(int i)
    {
        // Order is kept: snapshots list children in creation order, as the dictionary did while nobody was removed.
        Array.Copy(_list, i + 1, _list, i, _count - i - 1);
        _list[--_count] = null;
        return true;
    }

    public LocalActorRef[] ToArray()
    {
        if (_count == 0) return [];
        if (_map is not null) return [.. _map.Values];
        return _list.AsSpan(0, _count).ToArray()!;
    }
}
