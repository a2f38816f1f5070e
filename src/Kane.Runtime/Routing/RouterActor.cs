using Kane.Actor;

namespace Kane.Routing;

/// <summary>
/// The actor behind a router: it owns (pool) or resolves (group) the routees and forwards each message to the one
/// the logic selects, keeping the original sender. A pool router stops when its last routee has stopped.
/// </summary>
internal sealed class RouterActor : UntypedActor
{
    private readonly RouterConfig _config;
    private readonly Props _routeeProps;
    private readonly RoutingLogic _logic;
    private IReadOnlyList<IActorRef> _routees = [];

    public RouterActor(RouterConfig config, Props routeeProps)
    {
        _config = config;
        _routeeProps = routeeProps;
        _logic = config.CreateLogic();
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        _config is Pool pool ? pool.SupervisorStrategy : base.SupervisorStrategy();

    protected override void PreStart()
    {
        switch (_config)
        {
            case Pool pool:
                if (pool.NrOfInstances < 1)
                    throw new ArgumentOutOfRangeException(nameof(pool.NrOfInstances), pool.NrOfInstances, "A pool router needs at least one routee.");
                _routees = [.. Enumerable.Range(0, pool.NrOfInstances).Select(_ => Context.Watch(Context.ActorOf(_routeeProps)))];
                break;
            case Group group:
                Resolve(group);
                break;
        }
    }

    private void Resolve(Group group)
    {
        // Paths are resolved by identity so that routing sends to references, not to selections per message.
        foreach (var path in group.Paths) Context.ActorSelection(path).Tell(new Identify(path), Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ActorIdentity { Subject: { } subject } when _config is Group:
                if (!_routees.Contains(subject)) _routees = [.. _routees, Context.Watch(subject)];
                break;
            case ActorIdentity:
                break;
            case Terminated t:
                _routees = [.. _routees.Where(r => !r.Equals(t.ActorRef))];
                if (_routees.Count == 0 && _config is Pool) Context.Stop(Self);
                break;
            case GetRoutees:
                Sender.Tell(new Routees(_routees), Self);
                break;
            case Broadcast b:
                foreach (var routee in _routees) routee.Tell(b.Message, Sender);
                break;
            default:
                Route(message);
                break;
        }
    }

    private void Route(object message)
    {
        if (_logic is BroadcastRoutingLogic)
        {
            foreach (var routee in _routees) routee.Tell(message, Sender);
            return;
        }
        var target = _logic.Select(message, _routees);
        if (target is null)
        {
            Context.System.DeadLetters.Tell(message, Sender);
            return;
        }
        target.Tell(message is ConsistentHashableEnvelope envelope ? envelope.Message : message, Sender);
    }
}
