using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Google.Protobuf;

namespace Kane.Remote.Internal;

/// <summary>
/// One TCP (optionally TLS) connection with its pipes. After the handshake it runs a reader loop that hands frames to
/// the association and a writer loop that drains the association's queues, coalescing frames between flushes.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenSource _writerStop = new();
    private int _closed;
    private int _retired;

    public Connection(Socket socket, Stream stream, int maximumFrameSize)
    {
        _socket = socket;
        _stream = stream;
        MaximumFrameSize = maximumFrameSize;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
        Endpoint = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public int MaximumFrameSize { get; }

    public string Endpoint { get; }

    public CancellationToken Closing => _cts.Token;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Cancelled when the writer must stop taking messages: the connection retired or closed.</summary>
    public CancellationToken WriterStopping => _writerStop.Token;

    /// <summary>Lost a tie-break to a duplicate connection: writes nothing more, still reads what the peer sent.</summary>
    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    /// <summary>
    /// Stops this connection's writer (what it already took from the queue is still flushed) so the peer can read
    /// everything up to a half-close; frames the peer already sent on it are still read and delivered.
    /// </summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) != 0) return;
        try { _writerStop.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>Tells the peer nothing more comes from this side (TCP FIN or TLS close_notify); reading goes on.</summary>
    public async Task HalfCloseAsync()
    {
        try
        {
            if (_stream is System.Net.Security.SslStream tls) await tls.ShutdownAsync().ConfigureAwait(false);
            else _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception) { }
    }

    /// <summary>Set by the handshake: the peer's identity and who dialed.</summary>
    public Kane.Actor.Address? RemoteAddress { get; set; }

    public long RemoteUid { get; set; }

    /// <summary>The address of the system that dialed this connection (the tie-break between duplicate connections).</summary>
    public string DialerAddress { get; set; } = "";

    /// <summary>Reads one frame during the handshake.</summary>
    public async ValueTask<(FrameKind Kind, byte[] Body)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (Framing.TryRead(ref buffer, MaximumFrameSize, out var kind, out var body))
            {
                var bytes = body.ToArray();
                Input.AdvanceTo(buffer.Start);
                return (kind, bytes);
            }
            if (result.IsCompleted) throw new EndOfStreamException("the peer closed the connection during the handshake");
            Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask WriteFrameAsync(FrameKind kind, IMessage body, CancellationToken cancellationToken)
    {
        Framing.Write(Output, kind, body);
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads frames until the peer closes or the connection is closed; each goes to <paramref name="onFrame"/>.</summary>
    public async Task ReadLoopAsync(Action<FrameKind, ReadOnlySequence<byte>> onFrame)
    {
        while (!_cts.IsCancellationRequested)
        {
            var result = await Input.ReadAsync(_cts.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (Framing.TryRead(ref buffer, MaximumFrameSize, out var kind, out var body)) onFrame(kind, body);
            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
        try { _writerStop.Cancel(); } catch (ObjectDisposedException) { }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        try { await _stream.DisposeAsync().ConfigureAwait(false); } catch (Exception) { }
        _cts.Dispose();
        _writerStop.Dispose();
    }
}
