using System.Net.Sockets;
using Kane.Cmd.Protocol;

namespace Kane.Cmd.Tests;

public sealed class ConnectionLimitSpec
{
    [Fact]
    public async Task A_connection_over_the_limit_is_told_the_endpoint_is_busy_and_the_endpoint_serves_again_once_one_closes()
    {
        await using var node = new TestNode(s => s with { MaxConnections = 1 });
        var idle = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync("127.0.0.1", node.Port);
        // The idle connection is accepted first (the accept loop is sequential), so it holds the only slot.
        var busy = Assert.Single(await node.RunAsync("test", "echo", "x"));
        Assert.Equal(CmdProtocol.ErrorBusy, busy.Code);
        Assert.Contains("kane.cmd.max-connections", busy.Message);

        idle.Dispose();
        // The slot frees when the endpoint notices the close; wait for that, bounded, rather than sleep.
        List<CmdFrame> frames = [];
        for (var attempt = 0; attempt < 300; attempt++)
        {
            frames = await node.RunAsync("test", "echo", "again");
            if (frames[0].Code != CmdProtocol.ErrorBusy) break;
            await Task.Delay(50);
        }
        Assert.Equal("again", frames[0].Text);
    }
}
