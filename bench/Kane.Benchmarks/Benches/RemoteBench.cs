using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Kane.Actor;
using Kane.Remote;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Remote ping-pong between two OS processes over loopback, with 1, 5, 10 and 20 client pairs; a ping and its pong
/// count as two messages (the convention of Akka.NET's RemotePingPong). Each pair keeps a window of pings in flight.
/// Baseline: frames of the same size echoed over one raw socket pair with Pipelines, with as many frames in flight.
/// </summary>
internal static class RemoteBench
{
    private const string Secret = "bench-secret";

    public static async Task<int> Run(string[] args)
    {
        if (args.Length >= 3 && args[0] == "--serve") return await Serve(int.Parse(args[1]), int.Parse(args[2]));
        var total = BenchSupport.IntOption(args, "messages", 400_000);
        var window = BenchSupport.IntOption(args, "window", 500);
        int[] pairCounts = BenchSupport.StringOption(args, "pairs") is { } list ? [.. list.Split(',').Select(int.Parse)] : [1, 5, 10, 20];
        BenchSupport.Machine();
        int kanePort = FreePort(), rawPort = FreePort();
        var self = typeof(RemoteBench).Assembly.Location;
        using var server = Process.Start(new ProcessStartInfo("dotnet", [self, "remote", "--serve", kanePort.ToString(), rawPort.ToString()]) { RedirectStandardOutput = true })!;
        try
        {
            if (await server.StandardOutput.ReadLineAsync() != "ready") throw new InvalidOperationException("bench server did not start");
            var system = BenchSupport.NewSystem("bench-client", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = 0, Secret = Secret }));
            var serverAddress = $"kane.tcp://bench-server@127.0.0.1:{kanePort}";
            var results = new Dictionary<int, double>();
            foreach (var pairs in pairCounts)
            {
                await RunPairs(system, serverAddress, pairs, Math.Min(total / pairs, 20_000), window); // warm-up
                var rate = await RunPairs(system, serverAddress, pairs, total / pairs, window);
                results[pairs] = rate;
                Console.WriteLine($"kane pairs={pairs,2} messages={2L * (total / pairs) * pairs} msgs/s={BenchSupport.Fmt(rate)}");
            }
            var frame = FrameSizeOf(system, serverAddress);
            await RawEcho(rawPort, frame, 50_000, window * 20); // warm-up
            var baseline = await RawEcho(rawPort, frame, total, window * 20);
            Console.WriteLine($"baseline raw Pipelines echo frame={frame}B in-flight={window * 20} msgs/s={BenchSupport.Fmt(baseline)}");
            await system.Terminate();
            var peak = results.Values.Max();
            Console.WriteLine($"remote: kane={BenchSupport.Fmt(peak)} baseline={BenchSupport.Fmt(baseline)} ratio={BenchSupport.Fmt2(peak / baseline)} single_pair={BenchSupport.Fmt(results[1])}");
            return 0;
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    private static async Task<double> RunPairs(ActorSystem system, string serverAddress, int pairs, int perPair, int window)
    {
        var done = new List<Task>();
        var clients = new List<IActorRef>();
        for (var i = 0; i < pairs; i++)
        {
            var echo = await system.ActorSelection($"{serverAddress}/user/echo-{i}").ResolveOne(TimeSpan.FromSeconds(10));
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            clients.Add(system.ActorOf(Props.Create(() => new PingClient(echo, perPair, window, tcs))));
            done.Add(tcs.Task);
        }
        var start = Stopwatch.GetTimestamp();
        foreach (var c in clients) c.Tell("start", null);
        await Task.WhenAll(done).WaitAsync(TimeSpan.FromMinutes(5));
        var seconds = BenchSupport.Seconds(start);
        foreach (var c in clients) system.Stop(c);
        return 2.0 * perPair * pairs / seconds;
    }

    private sealed class PingClient(IActorRef echo, int total, int window, TaskCompletionSource done) : ActorBase
    {
        private int _sent, _received;

        protected override bool Receive(object message)
        {
            if (message is int)
            {
                if (_sent < total) echo.Tell(_sent++, Self);
                if (++_received == total) done.TrySetResult();
                return true;
            }
            if (message is "start")
            {
                while (_sent < Math.Min(window, total)) echo.Tell(_sent++, Self);
                return true;
            }
            return false;
        }
    }

    private sealed class Echo : ActorBase
    {
        protected override bool Receive(object message)
        {
            Sender.Tell(message, Self);
            return true;
        }
    }

    private static async Task<int> Serve(int kanePort, int rawPort)
    {
        var system = BenchSupport.NewSystem("bench-server", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Port = kanePort, Secret = Secret }));
        for (var i = 0; i < 20; i++) system.ActorOf(Props.Create(() => new Echo()), $"echo-{i}");
        var listener = new TcpListener(IPAddress.Loopback, rawPort);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync();
                socket.NoDelay = true;
                _ = Task.Run(() => EchoFrames(new NetworkStream(socket, ownsSocket: true)));
            }
        });
        Console.WriteLine("ready");
        await system.WhenTerminated;
        return 0;
    }

    /// <summary>The raw-socket baseline's server: echoes the bytes back as they arrive (the frames stay intact).</summary>
    private static async Task EchoFrames(Stream stream)
    {
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer) writer.Write(segment.Span);
            reader.AdvanceTo(result.Buffer.End);
            await writer.FlushAsync();
            if (result.IsCompleted) return;
        }
    }

    /// <summary>Raw echo over one socket with up to <paramref name="inFlight"/> frames outstanding; frame + echo = 2 messages.</summary>
    private static async Task<double> RawEcho(int port, int frameSize, int count, int inFlight)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        var frame = new byte[4 + frameSize];
        BinaryPrimitives.WriteInt32LittleEndian(frame, frameSize);
        var start = Stopwatch.GetTimestamp();
        // Ping-pong with a window, as the actor pairs do: every frame that comes back lets one more go out.
        var sent = Math.Min(inFlight, count);
        for (var i = 0; i < sent; i++) writer.Write(frame);
        await writer.FlushAsync();
        var received = 0;
        while (received < count)
        {
            var result = await reader.ReadAsync();
            var whole = (int)(result.Buffer.Length / frame.Length);
            reader.AdvanceTo(result.Buffer.GetPosition((long)whole * frame.Length), result.Buffer.End);
            received += whole;
            var more = Math.Min(whole, count - sent);
            for (var i = 0; i < more; i++) writer.Write(frame);
            sent += more;
            if (more > 0) await writer.FlushAsync();
            if (result.IsCompleted && received < count) throw new EndOfStreamException($"echo server closed after {received} of {count} frames");
        }
        return 2.0 * count / BenchSupport.Seconds(start);
    }

    /// <summary>The size of the frame a ping takes on the wire (recipient and sender paths, tag, payload).</summary>
    private static int FrameSizeOf(ActorSystem system, string serverAddress)
    {
        var envelope = new Kane.Remote.Internal.Wire.Envelope
        {
            Recipient = $"{serverAddress}/user/echo-0#1234567890",
            Sender = $"{system.Address}/user/$a#1234567890",
            Payload = new Kane.Remote.Internal.Wire.Payload { SerializerId = 17, Tag = "kane.int32", Data = Google.Protobuf.ByteString.CopyFrom(BitConverter.GetBytes(12345)) },
        };
        return 1 + envelope.CalculateSize();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
