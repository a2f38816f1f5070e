using Kane.Actor;

namespace Kane.Routing;

/// <summary>
/// What kind of router an actor is. A pool creates and supervises its routees as children; a group routes to actors
/// that exist elsewhere, named by path. Set with <c>Props.WithRouter</c>.
/// </summary>
public abstract record RouterConfig
{
    /// <summary>Creates the routing logic for one router instance.</summary>
    public abstract RoutingLogic CreateLogic();

    /// <summary>The props of the router actor standing in for <paramref name="routeeProps"/>.</summary>
    internal Props RouterProps(Props routeeProps) =>
        Props.Create(() => new RouterActor(this, routeeProps with { Router = null })) with { Dispatcher = routeeProps.Dispatcher };
}

/// <summary>A router that creates <see cref="NrOfInstances"/> routees from the routee props as its children.</summary>
public abstract record Pool(int NrOfInstances) : RouterConfig
{
    /// <summary>How the router supervises its routees (default: restart a failed routee).</summary>
    public SupervisorStrategy SupervisorStrategy { get; init; } = Actor.SupervisorStrategy.DefaultStrategy;
}

/// <summary>A router over existing actors given by path.</summary>
public abstract record Group(IReadOnlyList<string> Paths) : RouterConfig;

public sealed record RoundRobinPool(int NrOfInstances) : Pool(NrOfInstances)
{
    public override RoutingLogic CreateLogic() => new RoundRobinRoutingLogic();
}

public sealed record RandomPool(int NrOfInstances) : Pool(NrOfInstances)
{
    public override RoutingLogic CreateLogic() => new RandomRoutingLogic();
}

public sealed record SmallestMailboxPool(int NrOfInstances) : Pool(NrOfInstances)
{
    public override RoutingLogic CreateLogic() => new SmallestMailboxRoutingLogic();
}

/// <summary>Every message goes to every routee.</summary>
public sealed record BroadcastPool(int NrOfInstances) : Pool(NrOfInstances)
{
    public override RoutingLogic CreateLogic() => new BroadcastRoutingLogic();
}

public sealed record ConsistentHashingPool(int NrOfInstances, Func<object, object?>? HashMapping = null, int VirtualNodesFactor = 10) : Pool(NrOfInstances)
{
    public override RoutingLogic CreateLogic() => new ConsistentHashingRoutingLogic(HashMapping, VirtualNodesFactor);
}

public sealed record RoundRobinGroup(IReadOnlyList<string> Paths) : Group(Paths)
{
    public override RoutingLogic CreateLogic() => new RoundRobinRoutingLogic();
}

public sealed record RandomGroup(IReadOnlyList<string> Paths) : Group(Paths)
{
    public override RoutingLogic CreateLogic() => new RandomRoutingLogic();
}

public sealed record BroadcastGroup(IReadOnlyList<string> Paths) : Group(Paths)
{
    public override RoutingLogic CreateLogic() => new BroadcastRoutingLogic();
}

public sealed record ConsistentHashingGroup(IReadOnlyList<string> Paths, Func<object, object?>? HashMapping = null, int VirtualNodesFactor = 10) : Group(Paths)
{
    public override RoutingLogic CreateLogic() => new ConsistentHashingRoutingLogic(HashMapping, VirtualNodesFactor);
}

/// <summary>Marks broadcast routing; the router sends to all routees instead of selecting one.</summary>
public sealed class BroadcastRoutingLogic : RoutingLogic
{
    public override IActorRef? Select(object message, IReadOnlyList<IActorRef> routees) => null;
}
