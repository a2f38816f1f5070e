using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kane.Actor;
using Kane.TestKit;

namespace Kane.Remote.Tests;

/// <summary>The peer is a real second OS process (Kane.Remote.PeerHost), killed with SIGKILL.</summary>
public sealed class CrossProcessSpec : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly RemoteSystems _systems = new();

    public void Dispose() => _systems.Dispose();

    [Fact]
    public async Task A_peer_process_killed_with_SIGKILL_is_reported_Terminated_to_watchers()
    {
        var port = FreePort();
        using var peer = StartPeer(port);
        try
        {
            var ready = await peer.StandardOutput.ReadLineAsync().WaitAsync(Wait);
            Assert.Equal($"ready kane.tcp://peer@127.0.0.1:{port}", ready);
            var a = _systems.Start("alpha");
            var echo = await a.ActorSelection($"kane.tcp://peer@127.0.0.1:{port}/user/echo").ResolveOne(Wait);
            var probe = new TestProbe(a);
            echo.Tell("across processes", probe.Ref);
            probe.ExpectMsg("across processes", Wait);
            probe.Watch(echo);
            echo.Tell("sync", probe.Ref);
            probe.ExpectMsg("sync", Wait);
            peer.Kill(); // SIGKILL: no shutdown code runs in the peer
            var terminated = probe.ExpectTerminated(echo, Wait);
            Assert.True(terminated.AddressTerminated);
        }
        finally
        {
            if (!peer.HasExited) peer.Kill(entireProcessTree: true);
        }
    }

    internal static Process StartPeer(int port)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Kane.Remote.PeerHost.dll");
        Assert.True(File.Exists(host), $"{host} is built with the tests");
        return Process.Start(new ProcessStartInfo("dotnet", [host, port.ToString(System.Globalization.CultureInfo.InvariantCulture), RemoteSystems.Secret])
        {
            RedirectStandardOutput = true,
        })!;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
