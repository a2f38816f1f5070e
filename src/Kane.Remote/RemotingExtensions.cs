using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Remote.Internal;

namespace Kane.Remote;

/// <summary>Turns remoting on for an actor system.</summary>
public static class RemotingExtensions
{
    /// <summary>
    /// The same settings with remoting: the system binds <see cref="RemoteSettings.Hostname"/>:<see cref="RemoteSettings.Port"/>
    /// when created and its address becomes <c>kane.tcp://name@host:port</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A remote setting is out of range; the message names the key.</exception>
    public static ActorSystemSettings WithRemoting(this ActorSystemSettings settings, RemoteSettings remote)
    {
        remote.Validate();
        return settings with { RemoteProviderFactory = name => new RemoteActorRefProvider(name, remote) };
    }

    /// <summary>The same settings with remoting configured by the <c>kane.remote</c> section of <see cref="ActorSystemSettings.Config"/>.</summary>
    public static ActorSystemSettings WithRemoting(this ActorSystemSettings settings) =>
        settings.WithRemoting(RemoteSettings.FromConfig(settings.Config));

    /// <summary>True when the system was created with remoting.</summary>
    public static bool HasRemoting(this ActorSystem system) => system is ActorSystemImpl { Remote: RemoteActorRefProvider };

    /// <summary>The serialization registry remoting uses: register the tags of your own messages on it before they cross nodes.</summary>
    /// <exception cref="InvalidOperationException">The system was not created with remoting.</exception>
    public static Serialization.SerializationRegistry SerializationRegistry(this ActorSystem system) => system.Transport().Settings.Serialization;

    internal static RemoteTransport Transport(this ActorSystem system) =>
        system is ActorSystemImpl { Remote: RemoteActorRefProvider provider }
            ? provider.Transport
            : throw new InvalidOperationException($"{system.Address} was not created with remoting.");
}
