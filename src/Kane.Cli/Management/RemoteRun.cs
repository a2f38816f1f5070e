using Kane.Cmd;
using Kane.Cmd.Protocol;

namespace Kane.Cli.Management;

/// <summary>
/// Sends one request to the endpoint and prints its reply: text lines to the output, JSON values as one line each,
/// errors to the error writer. Exit codes: 0 ok (also when Ctrl-C ends a stream), 1 the command failed or the node is
/// unreachable, 2 bad usage.
/// </summary>
internal static class RemoteRun
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(Func<CancellationToken, IAsyncEnumerable<CmdFrame>> send, TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            await foreach (var frame in send(ct).ConfigureAwait(false))
            {
                switch (frame.Type)
                {
                    case CmdProtocol.FrameLine:
                        await output.WriteLineAsync(frame.Text).ConfigureAwait(false);
                        break;
                    case CmdProtocol.FrameJson:
                        await output.WriteLineAsync(frame.Data?.ToJsonString() ?? "null").ConfigureAwait(false);
                        break;
                    case CmdProtocol.FrameEnd:
                        return frame.Exit ?? Ok;
                    case CmdProtocol.FrameError:
                        await error.WriteLineAsync($"kane: {frame.Message}").ConfigureAwait(false);
                        return CmdProtocol.ExitCodeFor(frame.Code);
                }
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            return Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: closing the connection has ended the command on the node; that is the normal end of a stream.
            return Ok;
        }
        catch (Exception e) when (e is CmdUnreachableException or CmdProtocolException)
        {
            await error.WriteLineAsync($"kane: {e.Message}").ConfigureAwait(false);
            return Failed;
        }
    }

    /// <summary>Fetches the palettes, or prints why not and returns null.</summary>
    public static async Task<IReadOnlyList<PaletteInfo>?> DescribeAsync(KaneCmdClient client, TextWriter error, CancellationToken ct)
    {
        try
        {
            return await client.DescribeAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CmdUnreachableException or CmdProtocolException)
        {
            await error.WriteLineAsync($"kane: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
