using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kane.Cmd.Internal;
using Kane.Cmd.Protocol;

namespace Kane.Cmd;

/// <summary>
/// Talks to a management endpoint: one connection per request. Enumerating a reply yields its frames up to and
/// including the <c>end</c> or <c>error</c> frame; cancelling the enumeration closes the connection, which ends a
/// streaming command on the node.
/// </summary>
public sealed class KaneCmdClient(string host = "127.0.0.1", int port = CmdProtocol.DefaultPort, string? token = null)
{
    public string Host { get; } = host;

    public int Port { get; } = port;

    /// <summary>The largest reply frame accepted (a big actor tree is one frame).</summary>
    /// <value>16 MiB</value>
    public int MaxReplyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Runs <c>palette command</c>, with named <paramref name="arguments"/> and/or raw <paramref name="tokens"/> the node parses.</summary>
    /// <exception cref="CmdUnreachableException">Nothing answers at <see cref="Host"/>:<see cref="Port"/>.</exception>
    /// <exception cref="CmdProtocolException">The endpoint's reply broke the protocol or stopped before its end.</exception>
    public IAsyncEnumerable<CmdFrame> RunAsync(string palette, string command, IReadOnlyDictionary<string, string>? arguments = null,
        IReadOnlyList<string>? tokens = null, bool json = false, CancellationToken ct = default) =>
        SendAsync(new CmdRequest
        {
            Palette = palette,
            Command = command,
            Arguments = arguments is null ? null : new Dictionary<string, string>(arguments),
            Tokens = tokens is null ? null : [.. tokens],
            Json = json,
            Token = string.IsNullOrEmpty(token) ? null : token,
        }, ct);

    /// <summary>The palettes the endpoint serves.</summary>
    /// <exception cref="CmdUnreachableException">Nothing answers at <see cref="Host"/>:<see cref="Port"/>.</exception>
    /// <exception cref="CmdProtocolException">The reply broke the protocol, or was an error.</exception>
    public async Task<IReadOnlyList<PaletteInfo>> DescribeAsync(CancellationToken ct = default)
    {
        List<PaletteInfo>? palettes = null;
        await foreach (var frame in SendAsync(new CmdRequest { Kind = CmdProtocol.KindDescribe }, ct).ConfigureAwait(false))
        {
            if (frame.Type == CmdProtocol.FrameError) throw new CmdProtocolException($"{frame.Message} ({frame.Code})");
            if (frame.Type == CmdProtocol.FramePalettes) palettes = frame.Palettes;
        }
        return palettes ?? throw new CmdProtocolException("The endpoint answered the palette list without palettes.");
    }

    /// <summary>Sends any request (tests use this for malformed ones) and yields the reply frames.</summary>
    public async IAsyncEnumerable<CmdFrame> SendAsync(CmdRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Host, Port, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new CmdUnreachableException(Host, Port, e);
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await FrameIO.WriteAsync(stream, request, CmdJsonContext.Default.CmdRequest, ct).ConfigureAwait(false);
        while (true)
        {
            CmdFrame frame;
            try
            {
                var payload = await FrameIO.ReadAsync(stream, MaxReplyBytes, ct).ConfigureAwait(false)
                    ?? throw new CmdProtocolException($"The endpoint at {Host}:{Port} closed the connection before the command finished.");
                frame = JsonSerializer.Deserialize(payload, CmdJsonContext.Default.CmdFrame) ?? throw new CmdProtocolException("The endpoint sent a null frame.");
            }
            catch (Exception e) when (e is FrameException or JsonException)
            {
                throw new CmdProtocolException($"The endpoint at {Host}:{Port} sent a bad frame: {e.Message}", e);
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                throw new CmdProtocolException($"The connection to {Host}:{Port} broke: {e.Message}", e);
            }
            yield return frame;
            if (frame.Type is CmdProtocol.FrameEnd or CmdProtocol.FrameError) yield break;
        }
    }
}

/// <summary>No management endpoint answers at the address.</summary>
public sealed class CmdUnreachableException(string host, int port, Exception inner)
    : Exception($"no Kane management endpoint at {host}:{port}; is the node running with kane.cmd enabled? ({inner.Message})", inner);

/// <summary>The endpoint's reply broke the protocol or stopped early.</summary>
public sealed class CmdProtocolException(string message, Exception? inner = null) : Exception(message, inner);
