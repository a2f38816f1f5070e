using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Routing;

/// <summary>Chooses the routee for a message; pure apart from its own counters, so it is tested without actors.</summary>
public abstract class RoutingLogic
{
    /// <summary>The routee for <paramref name="message"/>, or null when there are none.</summary>
    public abstract IActorRef? Select(object message, IReadOnlyList<IActorRef> routees);
}

/// <summary>Each routee in turn.</summary>
public sealed class RoundRobinRoutingLogic : RoutingLogic
{
    private long _next = -1;

    public override IActorRef? Select(object message, IReadOnlyList<IActorRef> routees) =>
        routees.Count == 0 ? null : routees[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)routees.Count)];
}

/// <summary>A routee chosen uniformly at random.</summary>
public sealed class RandomRoutingLogic : RoutingLogic
{
    public override IActorRef? Select(object message, IReadOnlyList<IActorRef> routees) =>
        routees.Count == 0 ? null : routees[Random.Shared.Next(routees.Count)];
}

/// <summary>
/// The local routee with the fewest queued messages; an idle one (empty and not processing) is taken at once, and an
/// empty but busy one is preferred to one with a queue. Non-local routees are only chosen when nothing better exists.
/// </summary>
public sealed class SmallestMailboxRoutingLogic : RoutingLogic
{
    public override IActorRef? Select(object message, IReadOnlyList<IActorRef> routees)
    {
        IActorRef? best = null;
        var bestScore = long.MaxValue;
        foreach (var routee in routees)
        {
            var score = routee is LocalActorRef local ? local.LoadScore : long.MaxValue - 1;
            if (score < bestScore)
            {
                best = routee;
                bestScore = score;
                if (score == 0) break;
            }
        }
        return best;
    }
}
