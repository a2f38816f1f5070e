using Kane.Cmd.Protocol;

namespace Kane.Cmd.Internal;

/// <summary>Writes reply frames to one connection, one at a time, whichever thread the handler writes from.</summary>
internal sealed class ReplyWriter(Stream stream)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask WriteAsync(CmdFrame frame, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await FrameIO.WriteAsync(stream, frame, CmdJsonContext.Default.CmdFrame, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The client hung up: handlers see it as cancellation, the normal end of a streaming command.
            throw new OperationCanceledException("The client closed the connection.", e, ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
