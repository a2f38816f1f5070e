using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Kane.Cmd.Internal;

/// <summary>
/// Accepts connections and hands each to a <see cref="CmdConnection"/>, at most <see cref="CmdSettings.MaxConnections"/>
/// at once. Nothing a client sends can stop the accept loop: every connection's failure ends that connection only.
/// </summary>
internal sealed partial class CmdServer : IAsyncDisposable
{
    private readonly KaneCmd _owner;
    private readonly CmdSettings _settings;
    private readonly ILogger _log;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private long _nextId;
    private int _active;
    private Task _acceptLoop = Task.CompletedTask;

    public CmdServer(KaneCmd owner, CmdSettings settings, ILogger log)
    {
        _owner = owner;
        _settings = settings;
        _log = log;
        _listener = new TcpListener(Resolve(settings.Host), settings.Port);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <exception cref="InvalidOperationException">The address cannot be bound (in use, not local).</exception>
    public void Start()
    {
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"The Kane management endpoint cannot bind {_settings.Host}:{_settings.Port}: {e.Message}. Pick another kane.cmd.port (0 for any free one) or kane.cmd.host.", e);
        }
        LogInformationListening(_log, EndPoint.ToString(), string.Join(", ", _owner.Palettes.Select(p => p.Name)));
        _acceptLoop = Task.Run(AcceptLoop);
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested) return;
                LogWarningAcceptFailed(_log, e.Message);
                continue;
            }
            var id = Interlocked.Increment(ref _nextId);
            var busy = Interlocked.Increment(ref _active) > _settings.MaxConnections;
            var connection = new CmdConnection(_owner, _settings, _log, socket);
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    if (busy) await connection.RejectBusyAsync().ConfigureAwait(false);
                    else await connection.ServeAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Never reached by design; the guard keeps a bug in one connection from going unobserved.
                    LogErrorConnectionFailed(_log, e);
                }
                finally
                {
                    Interlocked.Decrement(ref _active);
                    _connections.TryRemove(id, out _);
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var ip)) return ip;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"kane.cmd.host '{host}' resolves to no address.");
    }

    [LoggerMessage(1, LogLevel.Information, "Kane management endpoint listening on {EndPoint} with palettes: {Palettes}")]
    private static partial void LogInformationListening(ILogger logger, string endPoint, string palettes);

    [LoggerMessage(2, LogLevel.Warning, "Kane management endpoint could not accept a connection: {Reason}")]
    private static partial void LogWarningAcceptFailed(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Error, "Kane management endpoint: a connection failed unexpectedly")]
    private static partial void LogErrorConnectionFailed(ILogger logger, Exception exception);
}
