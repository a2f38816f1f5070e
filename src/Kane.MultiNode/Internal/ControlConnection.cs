using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Kane.MultiNode.Internal;

/// <summary>
/// One line-based control connection between the controller (the test process) and a node. A line is tab-separated
/// fields (tabs, newlines and backslashes escaped). Either side may send requests (<c>req ID ...</c>) and gets a reply
/// (<c>rep ID ok</c> or <c>rep ID err MESSAGE</c>); anything else is a one-way message.
/// </summary>
internal sealed class ControlConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _pending = new();
    private long _nextId;

    public ControlConnection(TcpClient client)
    {
        _client = client;
        _client.NoDelay = true;
        var stream = client.GetStream();
        _reader = new StreamReader(stream, new UTF8Encoding(false));
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    /// <summary>Handles a request from the other side: null for success, or the error text.</summary>
    public Func<string[], Task<string?>>? OnRequest { get; set; }

    /// <summary>Handles a one-way message.</summary>
    public Action<string[]>? OnMessage { get; set; }

    public static async Task<ControlConnection> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host, port, ct).ConfigureAwait(false);
        return new ControlConnection(client);
    }

    public async Task SendAsync(params string[] fields)
    {
        var line = string.Join('\t', fields.Select(Escape));
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try { await _writer.WriteLineAsync(line).ConfigureAwait(false); }
        finally { _writeLock.Release(); }
    }

    /// <summary>Sends a request and waits for its reply.</summary>
    /// <exception cref="MultiNodeException">The other side answered with an error, or the connection closed.</exception>
    public async Task RequestAsync(params string[] fields)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await SendAsync(["req", id.ToString(System.Globalization.CultureInfo.InvariantCulture), .. fields]).ConfigureAwait(false);
        await reply.Task.ConfigureAwait(false);
    }

    /// <summary>Reads lines until the other side closes; returns normally on close.</summary>
    public async Task ReadLoopAsync(CancellationToken ct)
    {
        try
        {
            while (await _reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                var fields = line.Split('\t').Select(Unescape).ToArray();
                if (fields is ["rep", var id, var outcome, ..])
                {
                    if (_pending.TryRemove(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), out var reply))
                    {
                        if (outcome == "ok") reply.TrySetResult();
                        else reply.TrySetException(new MultiNodeException(fields.Length > 3 ? fields[3] : "request failed"));
                    }
                }
                else if (fields is ["req", var reqId, ..])
                {
                    _ = AnswerAsync(reqId, fields[2..]);
                }
                else
                {
                    OnMessage?.Invoke(fields);
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested) { }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        finally
        {
            foreach (var pending in _pending.Values) pending.TrySetException(new MultiNodeException("the control connection closed"));
        }
    }

    private async Task AnswerAsync(string id, string[] request)
    {
        string? error;
        try { error = OnRequest is null ? "no request handler" : await OnRequest(request).ConfigureAwait(false); }
        catch (Exception e) { error = e.Message; }
        try { await SendAsync(error is null ? ["rep", id, "ok"] : ["rep", id, "err", error]).ConfigureAwait(false); }
        catch (Exception) { }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Escape(string field) =>
        field.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal)) return field;
        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length) { sb.Append(field[i]); continue; }
            sb.Append(field[++i] switch { 't' => '\t', 'n' => '\n', var c => c });
        }
        return sb.ToString();
    }
}
