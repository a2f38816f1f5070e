using Kane.Actor;

namespace Kane.Persistence.Internal;

/// <summary>
/// Hands out at most <c>max-concurrent-recoveries</c> permits; the others wait in arrival order. A holder that stops
/// without returning its permit loses it through death watch; a restarted holder asking again keeps the one it has.
/// </summary>
internal sealed class RecoveryPermitter : ReceiveActor
{
    private readonly HashSet<IActorRef> _holders = [];
    private readonly LinkedList<IActorRef> _waiting = new();

    public RecoveryPermitter(int max)
    {
        Receive<RequestRecoveryPermit>(_ =>
        {
            var requester = Sender;
            if (_holders.Contains(requester)) requester.Tell(new RecoveryPermitGranted());
            else if (_holders.Count < max) Grant(requester);
            else if (!_waiting.Contains(requester))
            {
                _waiting.AddLast(requester);
                Context.Watch(requester);
            }
        });
        Receive<ReturnRecoveryPermit>(_ => Release(Sender));
        Receive<Terminated>(t =>
        {
            _waiting.Remove(t.ActorRef);
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
        while (_waiting.First is { } next)
        {
            _waiting.RemoveFirst();
            Grant(next.Value);
            break;
        }
    }
}
