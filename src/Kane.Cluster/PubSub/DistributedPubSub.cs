using Kane.Actor;
using Kane.Cluster.PubSub.Internal;
using Kane.Remote;

namespace Kane.Cluster.PubSub;

/// <summary>
/// Distributed publish-subscribe: one mediator per node (at <c>/system/pub-sub</c>) to which actors subscribe to
/// topics or register themselves by path, and through which anyone publishes or sends. Each mediator owns a
/// versioned bucket of its node's registrations; the buckets spread by gossip with one random member every
/// <see cref="DistributedPubSubSettings.GossipInterval"/>, so a new subscription reaches the other nodes after a few
/// rounds (a subscriber has its <see cref="SubscribeAck"/> at once, but the other nodes see it later). The
/// registrations of a member are forgotten when it is removed; those of a stopped subscriber when it terminates.
/// Published messages cross nodes as themselves: register their types for serialization on every node.
/// </summary>
public sealed class DistributedPubSub
{
    private DistributedPubSub(ActorSystem system, DistributedPubSubSettings settings)
    {
        Settings = settings.Validate();
        var cluster = Cluster.Get(system);
        PubSubWire.Register(system.Transport().Settings.Serialization);
        Mediator = ((Kane.Actor.Internal.ActorSystemImpl)system).SystemActorOf(Props.Create(() => new Mediator(cluster, settings)), Internal.Mediator.Name);
    }

    /// <summary>The pub-sub of <paramref name="system"/>, started with the <c>kane.cluster.pub-sub</c> settings on first use (the cluster too).</summary>
    public static DistributedPubSub Get(ActorSystem system) =>
        system.GetOrAddExtension(s => new DistributedPubSub(s, DistributedPubSubSettings.FromConfig(s.Settings.Config)));

    /// <summary>Starts pub-sub with <paramref name="settings"/>; returns the running one when it was started already.</summary>
    public static DistributedPubSub Start(ActorSystem system, DistributedPubSubSettings settings) =>
        system.GetOrAddExtension(s => new DistributedPubSub(s, settings));

    public DistributedPubSubSettings Settings { get; }

    /// <summary>This node's mediator: tell it <see cref="Subscribe"/>, <see cref="Publish"/>, <see cref="Put"/>, <see cref="Send"/>, <see cref="SendToAll"/> and the rest.</summary>
    public IActorRef Mediator { get; }
}
