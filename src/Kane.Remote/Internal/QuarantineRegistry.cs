using System.Collections.Concurrent;
using Kane.Actor;

namespace Kane.Remote.Internal;

/// <summary>
/// Incarnations (address + uid) this system will never talk to again: the peer must restart, with a new uid, to
/// come back. Markers are pruned after <c>prune-quarantine-marker-after</c>.
/// </summary>
internal sealed class QuarantineRegistry(TimeSpan duration)
{
    private readonly ConcurrentDictionary<(Address Address, long Uid), long> _until = new();

    /// <summary>True when this is a new marker.</summary>
    public bool Add(Address address, long uid, long nowTicks) =>
        _until.TryAdd((address, uid), nowTicks + (long)duration.TotalMilliseconds);

    public bool IsQuarantined(Address address, long uid, long nowTicks)
    {
        if (!_until.TryGetValue((address, uid), out var until)) return false;
        if (nowTicks < until) return true;
        _until.TryRemove((address, uid), out _);
        return false;
    }
}
