using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.PubSub;

// What the local mediator (DistributedPubSub.Get(system).Mediator) understands. These stay on the node: only the
// registry travels between mediators, and published messages go straight to the nodes that have subscribers, so
// they must be registered for serialization like any message sent across nodes.

/// <summary>Registers a local actor under its path without address (e.g. <c>/user/worker</c>) for <see cref="Send"/> and <see cref="SendToAll"/>.</summary>
public sealed record Put(IActorRef Ref);

/// <summary>Removes this node's registration at <paramref name="Path"/>.</summary>
public sealed record Remove(string Path);

/// <summary>Subscribes <paramref name="Ref"/> to <paramref name="Topic"/>; the sender gets a <see cref="SubscribeAck"/>.</summary>
public sealed record Subscribe(string Topic, IActorRef Ref);

/// <summary>Unsubscribes; the sender gets an <see cref="UnsubscribeAck"/>.</summary>
public sealed record Unsubscribe(string Topic, IActorRef Ref);

/// <summary>The subscription is in place on this node (it reaches other nodes with the next gossip rounds).</summary>
public sealed record SubscribeAck(Subscribe Subscribe);

public sealed record UnsubscribeAck(Unsubscribe Unsubscribe);

/// <summary>Delivers <paramref name="Message"/> to every subscriber of <paramref name="Topic"/> on every node; to dead letters when there is none.</summary>
public sealed record Publish(string Topic, object Message);

/// <summary>
/// Delivers <paramref name="Message"/> to one actor registered under <paramref name="Path"/> with <see cref="Put"/>:
/// this node's when <paramref name="LocalAffinity"/> and there is one, otherwise one picked by the routing logic.
/// </summary>
public sealed record Send(string Path, object Message, bool LocalAffinity = false);

/// <summary>Delivers <paramref name="Message"/> to every actor registered under <paramref name="Path"/> (on every node, or every other node).</summary>
public sealed record SendToAll(string Path, object Message, bool ExcludeSelf = false);

/// <summary>Asks for the topics that have subscribers anywhere, as far as this node knows; answered with <see cref="CurrentTopics"/>.</summary>
public sealed record GetTopics
{
    public static readonly GetTopics Instance = new();
}

public sealed record CurrentTopics(ImmutableHashSet<string> Topics);
