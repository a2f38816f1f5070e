using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Remote.Internal;

/// <summary>Plugs the transport into the runtime: the system's global address and references to other systems.</summary>
internal sealed class RemoteActorRefProvider(string systemName, RemoteSettings settings) : IRemoteActorRefProvider
{
    public RemoteTransport Transport { get; } = new(systemName, settings);

    public Address Address => Transport.Address;

    public void Start(ActorSystemImpl system) => Transport.Start(system);

    public InternalActorRef ResolveRemote(ActorPath path) => Transport.Resolve(path);
}
