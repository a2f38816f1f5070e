using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Remote.Internal;

/// <summary>
/// Remote death watch: which local actors watch which remote ones, heartbeats to every watched system, and the
/// verdict when one stays silent past <c>acceptable-heartbeat-pause</c>: its incarnation is quarantined and every
/// watcher gets Terminated with AddressTerminated set. Called from the transport's timer and from actor threads.
/// </summary>
internal sealed class RemoteWatcher(RemoteTransport transport)
{
    private readonly object _lock = new();
    private readonly Dictionary<Address, Watched> _byAddress = new();

    public void Watch(RemoteActorRef watchee, InternalActorRef watcher)
    {
        bool first;
        lock (_lock)
        {
            first = !_byAddress.TryGetValue(watchee.Path.Address, out var watched);
            if (first) _byAddress[watchee.Path.Address] = watched = new Watched(Environment.TickCount64);
            if (!watched!.Watchers.TryGetValue(watchee, out var set)) watched.Watchers[watchee] = set = [];
            set.Add(watcher);
        }
        if (first) watchee.Association.SendHeartbeat();
    }

    public void Unwatch(RemoteActorRef watchee, InternalActorRef watcher)
    {
        lock (_lock)
        {
            if (!_byAddress.TryGetValue(watchee.Path.Address, out var watched) || !watched.Watchers.TryGetValue(watchee, out var set)) return;
            set.Remove(watcher);
            if (set.Count == 0) watched.Watchers.Remove(watchee);
            if (watched.Watchers.Count == 0) _byAddress.Remove(watchee.Path.Address);
        }
    }

    /// <summary>The watchee's own system reported its death; no heartbeat verdict is needed for it any more.</summary>
    public void Forget(IActorRef watchee)
    {
        lock (_lock)
        {
            if (!_byAddress.TryGetValue(watchee.Path.Address, out var watched)) return;
            watched.Watchers.Remove(watchee);
            if (watched.Watchers.Count == 0) _byAddress.Remove(watchee.Path.Address);
        }
    }

    public bool IsWatching(Address address)
    {
        lock (_lock) return _byAddress.ContainsKey(address);
    }

    /// <summary>Sends heartbeats and declares silent systems dead.</summary>
    public void Tick(long now)
    {
        var pause = (long)transport.Settings.AcceptableHeartbeatPause.TotalMilliseconds;
        List<Address> addresses;
        lock (_lock) addresses = [.. _byAddress.Keys];
        foreach (var address in addresses)
        {
            var association = transport.AssociationFor(address);
            long since;
            lock (_lock) since = _byAddress.TryGetValue(address, out var w) ? w.Since : now;
            if (now - Math.Max(association.LastHeard, since) > pause && transport.IsClusterManaged?.Invoke(address) != true)
            {
                transport.Log.LogWarningAddressTerminated(address.ToString(), association.RemoteUid, transport.Settings.AcceptableHeartbeatPause);
                transport.QuarantineIncarnation(association, "remote death watch heard no heartbeat within acceptable-heartbeat-pause");
            }
            else
            {
                association.SendHeartbeat();
            }
        }
    }

    /// <summary>Every watcher of an actor at <paramref name="address"/> gets Terminated (address terminated).</summary>
    public void AddressTerminated(Address address)
    {
        Watched? watched;
        lock (_lock)
        {
            if (!_byAddress.Remove(address, out watched)) return;
        }
        foreach (var (watchee, watchers) in watched.Watchers)
            foreach (var watcher in watchers)
                watcher.SendSystemMessage(new DeathWatchNotification(watchee, existenceConfirmed: true, addressTerminated: true));
    }

    private sealed class Watched(long since)
    {
        public long Since { get; } = since;
        public Dictionary<IActorRef, HashSet<InternalActorRef>> Watchers { get; } = new();
    }
}
