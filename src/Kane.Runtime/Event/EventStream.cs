using System.Collections.Concurrent;
using Kane.Actor;

namespace Kane.Event;

/// <summary>
/// A system-wide publish/subscribe bus keyed by type: a subscriber to a type gets every published event of that type
/// or a subtype. Subscribers that stop are removed automatically.
/// </summary>
public sealed class EventStream
{
    private readonly object _gate = new();
    private State _state = new([]);

    /// <summary>True when anyone listens for events assignable to <typeparamref name="T"/>; lets hot paths skip work.</summary>
    public bool HasSubscribers<T>() => Volatile.Read(ref _state).For(typeof(T)).Length > 0;

    /// <summary>Subscribes <paramref name="subscriber"/> to events of <paramref name="channel"/> and its subtypes.</summary>
    /// <returns>False if it was already subscribed to that channel.</returns>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            var subs = _state.Subscriptions;
            if (subs.Any(s => s.Channel == channel && s.Subscriber.Equals(subscriber))) return false;
            Volatile.Write(ref _state, new State([.. subs, (channel, subscriber)]));
            return true;
        }
    }

    /// <summary>Removes one subscription.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel) => Remove(s => s.Channel == channel && s.Subscriber.Equals(subscriber));

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber) =>
        Volatile.Read(ref _state).Subscriptions.Length != 0 && Remove(s => s.Subscriber.Equals(subscriber));

    private bool Remove(Func<(Type Channel, IActorRef Subscriber), bool> match)
    {
        lock (_gate)
        {
            var subs = _state.Subscriptions;
            var kept = subs.Where(s => !match(s)).ToArray();
            if (kept.Length == subs.Length) return false;
            Volatile.Write(ref _state, new State(kept));
            return true;
        }
    }

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type or a base type.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscriber in Volatile.Read(ref _state).For(@event.GetType())) subscriber.Tell(@event, null);
    }

    /// <summary>An immutable subscription list with its own per-event-type cache, replaced whole on every change.</summary>
    private sealed class State((Type Channel, IActorRef Subscriber)[] subscriptions)
    {
        private readonly ConcurrentDictionary<Type, IActorRef[]> _cache = new();

        public (Type Channel, IActorRef Subscriber)[] Subscriptions { get; } = subscriptions;

        public IActorRef[] For(Type eventType) => Subscriptions.Length == 0
            ? []
            : _cache.GetOrAdd(eventType, t => Subscriptions.Where(s => s.Channel.IsAssignableFrom(t)).Select(s => s.Subscriber).Distinct().ToArray());
    }
}
