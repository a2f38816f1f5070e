using System.Collections.Concurrent;
using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Remote.Internal;

/// <summary>
/// Temporary local refs (an ask's promise) that were sent to another system as a sender, so that the reply can
/// find them. Each is watched and forgotten when it completes.
/// </summary>
internal sealed class TempRefRegistry : InternalActorRef
{
    private readonly ConcurrentDictionary<string, InternalActorRef> _refs = new(StringComparer.Ordinal);
    private readonly ActorSystem _system;

    public TempRefRegistry(ActorSystem system)
    {
        _system = system;
        Path = ActorPath.Root(system.Address) / "system" / "remote-temp-registry";
    }

    public void Register(InternalActorRef temp)
    {
        if (_refs.TryAdd(temp.Path.ToStringWithoutAddress(), temp)) temp.SendSystemMessage(new Watch(temp, this));
    }

    public InternalActorRef? Find(ActorPath path) => _refs.GetValueOrDefault(path.ToStringWithoutAddress());

    public int Count => _refs.Count;

    public override ActorPath Path { get; }

    public override InternalActorRef? Parent => null;

    public override ActorSystem System => _system;

    public override bool IsLocal => true;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender) { }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification d) _refs.TryRemove(d.Actor.Path.ToStringWithoutAddress(), out _);
    }
}
