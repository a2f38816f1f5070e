using Kane.Actor;
using Kane.Event;

namespace Kane.Remote.Tests;

/// <summary>Starts remoting systems on loopback with free ports and terminates them at the end of a test.</summary>
public sealed class RemoteSystems : IDisposable
{
    public const string Secret = "test-cluster-secret";
    private readonly List<ActorSystem> _systems = [];

    public static RemoteSettings Settings(string secret = Secret, int port = 0) => RemoteSettings.Default with
    {
        Port = port,
        Secret = secret,
        Serialization = TestRegistry.Create(),
        RetryGateClosedFor = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        AcceptableHeartbeatPause = TimeSpan.FromSeconds(2),
        SystemMessageResendInterval = TimeSpan.FromMilliseconds(500),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
    };

    public ActorSystem Start(string name, RemoteSettings? remote = null)
    {
        var system = ActorSystem.Create(name, ActorSystemSettings.Default.WithRemoting(remote ?? Settings()));
        _systems.Add(system);
        return system;
    }

    /// <summary>A probe that receives every log line and dead letter the system publishes.</summary>
    public static TestKit.TestProbe Events(ActorSystem system)
    {
        var probe = new TestKit.TestProbe(system, "events");
        system.EventStream.Subscribe(probe.Ref, typeof(LogEvent));
        system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        return probe;
    }

    public void Dispose()
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
