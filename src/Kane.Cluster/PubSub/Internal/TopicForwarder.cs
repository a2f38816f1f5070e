using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.PubSub.Internal;

/// <summary>
/// A topic on one node: the reference the registry holds for it, so that a publisher on any node sends one copy per
/// node here, and this fans it out to the local subscribers (keeping the sender). The mediator owns the set.
/// </summary>
internal sealed class TopicForwarder : ReceiveActor
{
    private ImmutableHashSet<IActorRef> _subscribers = [];

    public TopicForwarder()
    {
        Receive<SetSubscribers>(s => _subscribers = s.Subscribers);
        ReceiveAny(m =>
        {
            foreach (var s in _subscribers) s.Tell(m, Sender);
        });
    }

    internal sealed record SetSubscribers(ImmutableHashSet<IActorRef> Subscribers);
}
