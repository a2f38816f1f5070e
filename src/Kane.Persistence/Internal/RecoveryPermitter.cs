using Kane.Actor;

namespace Kane.Persistence.Internal;

/// <summary>
/// Hands out at most <c>max-concurrent-recoveries</c> permits; the others wait in arrival order. A holder that stops
/// without returning its permit loses it through death watch; a restarted holder asking again keeps the one it has.
/// Every step is O(1): 100,000 entities starting at once all wait here (a list scan per request made that quadratic).
/// </summary>
internal sealed class RecoveryPermitter : ReceiveActor
{
    private readonly HashSet<IActorRef> _holders = [];
    private readonly LinkedList<IActorRef> _waiting = new();
    private readonly Dictionary<IActorRef, LinkedListNode<IActorRef>> _waitingNodes = [];

    public RecoveryPermitter(int max)
    {
        Receive<RequestRecoveryPermit>(_ =>
        {
            var requester = Sender;
            if (_holders.Contains(requester)) requester.Tell(new RecoveryPermitGranted());
            else if (_holders.Count < max) Grant(requester);
            else if (!_waitingNodes.ContainsKey(requester))
            {
                _waitingNodes[requester] = _waiting.AddLast(requester);
                Context.Watch(requester);
            }
        });
        Receive<ReturnRecoveryPermit>(_ => Release(Sender));
        Receive<Terminated>(t =>
        {
            if (_waitingNodes.Remove(t.ActorRef, out var node)) _waiting.Remove(node);
            Release(t.ActorRef);
        });
    }

    private void Grant(IActorRef requester)
    {
        _holders.Add(requester);
        Context.Watch(requester);
        requester.Tell(new RecoveryPermitGranted());
    }

    private void Release(IActorRef holder)
    {
        if (!_holders.Remove(holder)) return;
        Context.Unwatch(holder);
        if (_waiting.First is not { } next) return;
        _waiting.RemoveFirst();
        _waitingNodes.Remove(next.Value);
        Grant(next.Value);
    }
}
