using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Kane.Actor;
using Kane.Cmd.Protocol;

namespace Kane.Cmd.Tests;

/// <summary>An actor system with its endpoint on a free loopback port and a <c>test</c> palette the specs drive.</summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string Token = "s3cret-token";

    public TestNode(Func<CmdSettings, CmdSettings>? configure = null, string name = "cmdspec")
    {
        System = ActorSystem.Create(name);
        Cmd = KaneCmd.Get(System).RegisterPalette(TestPalette());
        var settings = CmdSettings.Default with { Port = 0 };
        Cmd.Start(configure is null ? settings : configure(settings));
        Port = Cmd.EndPoint!.Port;
    }

    public ActorSystem System { get; }

    public KaneCmd Cmd { get; }

    public int Port { get; }

    /// <summary>Lines the streaming <c>test watch</c> command sends, in order.</summary>
    public Channel<string> Events { get; } = Channel.CreateUnbounded<string>();

    /// <summary>Completes when a <c>test watch</c> handler has seen its client hang up.</summary>
    public TaskCompletionSource WatchEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The actor ref of the running <c>test inbox</c> command.</summary>
    public TaskCompletionSource<IActorRef> InboxRef { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KaneCmdClient Client(string? token = null) => new("127.0.0.1", Port, token);

    public async Task<List<CmdFrame>> RunAsync(string palette, string command, params string[] tokens) =>
        await Collect(Client().RunAsync(palette, command, tokens: tokens));

    public static async Task<List<CmdFrame>> Collect(IAsyncEnumerable<CmdFrame> frames)
    {
        var list = new List<CmdFrame>();
        await foreach (var frame in frames) list.Add(frame);
        return list;
    }

    /// <summary>Sends raw bytes and reads every frame until the endpoint closes the connection.</summary>
    /// <remarks>With <paramref name="thenClose"/> the client's sending side closes after the bytes (a truncated frame).</remarks>
    public async Task<List<CmdFrame>> RawAsync(byte[] bytes, bool thenClose = false)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", Port);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(bytes);
        if (thenClose) socket.Shutdown(SocketShutdown.Send);
        var frames = new List<CmdFrame>();
        var header = new byte[4];
        while (await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false) == 4)
        {
            var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            await stream.ReadExactlyAsync(payload);
            frames.Add(JsonSerializer.Deserialize<CmdFrame>(payload, new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
        }
        return frames;
    }

    public static byte[] Frame(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, payload.Length);
        payload.CopyTo(bytes, 4);
        return bytes;
    }

    private CommandPalette TestPalette() =>
        new CommandPalette("test", "Commands the specs drive.")
            .Add(new CommandDefinition("echo", "Echo a word.", async c =>
            {
                var text = c.Get("text")!;
                await c.WriteLineAsync(c.GetFlag("upper") ? text.ToUpperInvariant() : text);
                return 0;
            })
            {
                Arguments =
                [
                    new CommandArgument("text", "The word.") { Mandatory = true, Positional = true },
                    new CommandArgument("upper", "Shout it.") { Switches = ["-u"], Flag = true },
                ],
            })
            .Add(new CommandDefinition("watch", "Stream the test events until the client hangs up.", async c =>
            {
                try
                {
                    await foreach (var line in Events.Reader.ReadAllAsync(c.Cancelled)) await c.WriteLineAsync(line);
                    return 0;
                }
                finally
                {
                    if (c.Cancelled.IsCancellationRequested) WatchEnded.TrySetResult();
                }
            }) { Streaming = true })
            .Add(new CommandDefinition("inbox", "Stream what is told to a command inbox.", async c =>
            {
                var inbox = c.CreateInbox<string>(capacity: 16);
                InboxRef.TrySetResult(inbox.Ref);
                await foreach (var line in inbox.ReadAllAsync()) await c.WriteLineAsync(line);
                return 0;
            }) { Streaming = true })
            .Add(new CommandDefinition("boom", "Throw.", _ => throw new InvalidOperationException("kaboom")))
            .Add(new CommandDefinition("change", "Pretend to change the cluster.", async c =>
            {
                await c.WriteLineAsync("changed");
                return 0;
            }) { ChangesCluster = true });

    public async ValueTask DisposeAsync()
    {
        await Cmd.StopAsync();
        await System.Terminate();
    }
}
