using System.Net.Sockets;
using System.Text.Json;
using Kane.Cmd.Protocol;
using Microsoft.Extensions.Logging;

namespace Kane.Cmd.Internal;

/// <summary>
/// One client connection: read one request, answer it with a stream of frames ending in <c>end</c> or <c>error</c>,
/// close. While a command runs, the client closing its side (or sending anything) cancels the command.
/// </summary>
internal sealed partial class CmdConnection(KaneCmd owner, CmdSettings settings, ILogger log, Socket socket)
{
    private readonly string _peer = socket.RemoteEndPoint?.ToString() ?? "?";

    public async Task RejectBusyAsync()
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        LogWarningRejected(log, _peer, CmdProtocol.ErrorBusy, "too many connections");
        await TryWriteAsync(new ReplyWriter(stream), CmdFrame.Error(CmdProtocol.ErrorBusy,
            $"The endpoint already serves {settings.MaxConnections} connections (kane.cmd.max-connections); try again shortly."), CancellationToken.None).ConfigureAwait(false);
    }

    public async Task ServeAsync(CancellationToken stopping)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var writer = new ReplyWriter(stream);
        CmdRequest? request;
        try
        {
            request = await ReadRequestAsync(stream, stopping).ConfigureAwait(false);
        }
        catch (FrameException e)
        {
            LogWarningRejected(log, _peer, e.Code, e.Message);
            await TryWriteAsync(writer, CmdFrame.Error(e.Code, $"Bad request: {e.Message}."), stopping).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return;
        }
        if (request is null) return;
        if (request.V != CmdProtocol.Version)
        {
            LogWarningRejected(log, _peer, CmdProtocol.ErrorVersion, $"protocol version {request.V}");
            await TryWriteAsync(writer, CmdFrame.Error(CmdProtocol.ErrorVersion,
                $"The client speaks protocol version {request.V}, this endpoint speaks version {CmdProtocol.Version}; use a kane client from the same Kane release as the node."), stopping).ConfigureAwait(false);
            return;
        }
        if (request.Kind == CmdProtocol.KindDescribe)
        {
            await TryWriteAsync(writer, new CmdFrame { Type = CmdProtocol.FramePalettes, Palettes = owner.Describe() }, stopping).ConfigureAwait(false);
            await TryWriteAsync(writer, CmdFrame.End(0), stopping).ConfigureAwait(false);
            return;
        }
        if (request.Kind is not (null or "" or CmdProtocol.KindRun))
        {
            await TryWriteAsync(writer, CmdFrame.Error(CmdProtocol.ErrorMalformed, $"Unknown request kind '{request.Kind}'; expected '{CmdProtocol.KindRun}' or '{CmdProtocol.KindDescribe}'."), stopping).ConfigureAwait(false);
            return;
        }
        await RunAsync(stream, writer, request, stopping).ConfigureAwait(false);
    }

    private async Task<CmdRequest?> ReadRequestAsync(Stream stream, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(settings.RequestTimeout);
        byte[]? payload;
        try
        {
            payload = await FrameIO.ReadAsync(stream, settings.MaxRequestBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new FrameException(CmdProtocol.ErrorMalformed, $"no complete request arrived within {settings.RequestTimeout.TotalSeconds:0.#} s (kane.cmd.request-timeout)");
        }
        if (payload is null) return null;
        try
        {
            return JsonSerializer.Deserialize(payload, CmdJsonContext.Default.CmdRequest)
                ?? throw new FrameException(CmdProtocol.ErrorMalformed, "the request is JSON null");
        }
        catch (JsonException e)
        {
            throw new FrameException(CmdProtocol.ErrorMalformed, $"the request is not a valid JSON request ({e.Message})");
        }
    }

    private async Task RunAsync(Stream stream, ReplyWriter writer, CmdRequest request, CancellationToken stopping)
    {
        var (palette, command, problem) = owner.Find(request.Palette, request.Command);
        if (command is null)
        {
            await TryWriteAsync(writer, CmdFrame.Error(CmdProtocol.ErrorUnknownCommand, problem!), stopping).ConfigureAwait(false);
            return;
        }
        if (AccessPolicy.Check(settings, palette!.Name, command, request.Token) is { } refusal)
        {
            LogWarningRejected(log, _peer, CmdProtocol.ErrorUnauthorized, $"{palette.Name} {command.Name}");
            await TryWriteAsync(writer, CmdFrame.Error(CmdProtocol.ErrorUnauthorized, refusal), stopping).ConfigureAwait(false);
            return;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var hangup = WatchForHangupAsync(stream, cancel);
        CmdFrame last;
        try
        {
            var values = ArgumentBinder.Bind(command, request.Arguments, request.Tokens);
            var context = new CommandContext(owner.System, command, values, request.Json, writer, cancel.Token);
            var exit = await command.Handler(context).ConfigureAwait(false);
            last = CmdFrame.End(exit);
        }
        catch (CommandUsageException e)
        {
            last = CmdFrame.Error(CmdProtocol.ErrorUsage, e.Message);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client hung up (nobody to tell) or the endpoint is stopping.
            last = stopping.IsCancellationRequested ? CmdFrame.Error(CmdProtocol.ErrorStopping, "The node's management endpoint is stopping.") : CmdFrame.End(0);
        }
        catch (Exception e)
        {
            LogErrorCommandFailed(log, e, palette.Name, command.Name);
            last = CmdFrame.Error(CmdProtocol.ErrorFailed, $"'{palette.Name} {command.Name}' failed: {e.GetType().Name}: {e.Message}");
        }
        if (!hangup.IsCompleted || stopping.IsCancellationRequested) await TryWriteAsync(writer, last, CancellationToken.None).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Completes when the client closes its side or sends anything (the request was its only frame).</summary>
    private static async Task WatchForHangupAsync(Stream stream, CancellationTokenSource cancel)
    {
        var one = new byte[1];
        try
        {
            await stream.ReadAsync(one, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            if (cancel.IsCancellationRequested) return;
        }
        await cancel.CancelAsync().ConfigureAwait(false);
    }

    private static async Task TryWriteAsync(ReplyWriter writer, CmdFrame frame, CancellationToken ct)
    {
        try
        {
            await writer.WriteAsync(frame, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client is gone: there is no one left to tell.
        }
    }

    [LoggerMessage(10, LogLevel.Warning, "Kane management endpoint refused a request from {Peer} ({Code}): {Reason}")]
    private static partial void LogWarningRejected(ILogger logger, string peer, string code, string reason);

    [LoggerMessage(11, LogLevel.Error, "Kane management command '{Palette} {Command}' failed")]
    private static partial void LogErrorCommandFailed(ILogger logger, Exception exception, string palette, string command);
}
