namespace Kane.Actor.Internal;

/// <summary>
/// The extension point through which a transport layer (Kane.Remote) makes a system reachable from other processes:
/// it gives the system its global address and resolves paths on other systems to references it can send to.
/// </summary>
/// <remarks>
/// Created by <see cref="ActorSystemSettings.RemoteProviderFactory"/> before the guardians exist (their paths carry the
/// address), and started once the system is built.
/// </remarks>
internal interface IRemoteActorRefProvider
{
    /// <summary>The address the system is known by, e.g. <c>kane.tcp://kane@10.0.0.5:4053</c>.</summary>
    Address Address { get; }

    /// <summary>Called once at the end of the system's construction; the transport may start accepting peers.</summary>
    void Start(ActorSystemImpl system);

    /// <summary>A reference to an actor on another system (the path's address is not this system's).</summary>
    InternalActorRef ResolveRemote(ActorPath path);
}
