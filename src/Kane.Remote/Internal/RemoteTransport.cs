using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kane.Actor;
using Kane.Actor.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kane.Remote.Internal;

/// <summary>
/// The transport of one actor system: the listening socket, one <see cref="Association"/> per remote address,
/// the quarantine, remote death watch and the timer that drives heartbeats and resends. All network I/O is async on
/// the .NET thread pool; nothing here blocks a dispatcher thread.
/// </summary>
internal sealed partial class RemoteTransport
{
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<Address, Association> _associations = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TlsStreams? _tls;
    private ActorSystemImpl? _system;
    private int _shuttingDown;

    public RemoteTransport(string systemName, RemoteSettings settings)
    {
        Settings = settings.Validate();
        SecretBytes = Encoding.UTF8.GetBytes(settings.Secret);
        Uid = settings.UidOverride != 0 ? settings.UidOverride : NewUid();
        Quarantine = new QuarantineRegistry(settings.QuarantineDuration);
        _tls = settings.Tls.Enabled ? new TlsStreams(settings.Tls) : null;
        var ip = IPAddress.TryParse(settings.Hostname, out var parsed) ? parsed : Dns.GetHostAddresses(settings.Hostname).First();
        _listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(ip, settings.Port));
        _listener.Listen(512);
        var port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        Address = new Address("kane.tcp", systemName, settings.Hostname, port);
        Watcher = new RemoteWatcher(this);
    }

    public RemoteSettings Settings { get; }

    public Address Address { get; }

    /// <summary>This incarnation's uid: a restarted system gets a new one.</summary>
    public long Uid { get; }

    public byte[] SecretBytes { get; }

    public QuarantineRegistry Quarantine { get; }

    public RemoteWatcher Watcher { get; }

    /// <summary>Test-only blackhole and throttle per remote address (Kane.MultiNode's conductor); empty otherwise.</summary>
    public LinkFilter Links { get; } = new();

    public ActorSystemImpl System => _system ?? throw new InvalidOperationException("The transport has not started.");

    public RemoteCodec Codec { get; private set; } = null!;

    public TempRefRegistry TempRefs { get; private set; } = null!;

    public ILogger Log { get; private set; } = NullLogger.Instance;

    public bool IsShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    public void Start(ActorSystemImpl system)
    {
        _system = system;
        Log = system.Logging.ForCategory("Kane.Remote", Address.ToString());
        Codec = new RemoteCodec(this, Settings.Serialization);
        TempRefs = new TempRefRegistry(system);
        Log.LogInformationListening(Address.ToString(), Uid, _tls is not null);
        _ = Task.Run(AcceptLoopAsync);
        _ = Task.Run(TimerLoopAsync);
        system.WhenTerminated.ContinueWith(_ => ShutdownAsync(), TaskScheduler.Default);
    }

    public Association AssociationFor(Address address) =>
        _associations.TryGetValue(address, out var a) ? a : _associations.GetOrAdd(address, static (addr, t) => new Association(t, addr), this);

    /// <summary>Local path → the local actor, a temp ref, or dead letters; another address → a remote ref.</summary>
    public InternalActorRef Resolve(ActorPath path)
    {
        if (path.Address != Address) return new RemoteActorRef(this, path);
        if (path.Elements is ["temp", ..]) return TempRefs.Find(path) ?? System.DeadLetterRef;
        return System.ResolveActorRef(path);
    }

    public void DeadLetter(Outbound message, string reason) =>
        System.DeadLetterRef.Overflow(message.Message, message.Sender, message.Recipient, reason);

    public async Task<Connection> DialAsync(Address remote)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        timeout.CancelAfter(Settings.HandshakeTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Connection? connection = null;
        try
        {
            await socket.ConnectAsync(remote.Host!, remote.Port ?? 0, timeout.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls is not null) stream = await _tls.AuthenticateAsClientAsync(stream, remote.Host!, timeout.Token).ConfigureAwait(false);
            connection = new Connection(socket, stream, Settings.MaximumFrameSize);
            await Handshake.DialAsync(connection, this, remote, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            if (e is HandshakeRefusedException { ByPeer: false } refused)
            {
                Log.LogWarningRefused(remote.ToString(), refused.Message);
                if (refused.Quarantined) throw;
            }
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_shutdown.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            socket.NoDelay = true;
            _ = Task.Run(() => AcceptAsync(socket));
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var endpoint = socket.RemoteEndPoint?.ToString() ?? "?";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        timeout.CancelAfter(Settings.HandshakeTimeout);
        Connection? connection = null;
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls is not null) stream = await _tls.AuthenticateAsServerAsync(stream, timeout.Token).ConfigureAwait(false);
            connection = new Connection(socket, stream, Settings.MaximumFrameSize);
            await Handshake.AcceptAsync(connection, this, timeout.Token).ConfigureAwait(false);
            AssociationFor(connection.RemoteAddress!).Attach(connection);
        }
        catch (Exception e)
        {
            Log.LogWarningRefused(endpoint, e.Message);
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
        }
    }

    private async Task TimerLoopAsync()
    {
        var tick = Settings.HeartbeatInterval < Settings.SystemMessageResendInterval ? Settings.HeartbeatInterval : Settings.SystemMessageResendInterval;
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(_shutdown.Token).ConfigureAwait(false))
            {
                Watcher.Tick(Environment.TickCount64);
                foreach (var association in _associations.Values)
                    if (!association.ResendDue()) QuarantineIncarnation(association, "a system message was resent kane.remote.system-message-resend-limit times without an ack");
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Refuses the association's current incarnation from now on; watchers of it get Terminated.</summary>
    public void QuarantineIncarnation(Association association, string reason)
    {
        var uid = association.RemoteUid;
        if (uid != 0 && Quarantine.Add(association.Remote, uid, Environment.TickCount64))
            Log.LogWarningQuarantined(association.Remote.ToString(), uid, reason);
        association.DropIncarnation();
        Watcher.AddressTerminated(association.Remote);
    }

    /// <summary>
    /// Set by the cluster: the addresses whose death the cluster decides (its members). Remote death watch keeps
    /// heartbeating them but never quarantines them on silence; the cluster calls <see cref="QuarantineRemoved"/>
    /// when it removes one, so an unreachable member can still come back before it is downed.
    /// </summary>
    public Func<Address, bool>? IsClusterManaged { get; set; }

    /// <summary>The cluster removed incarnation <paramref name="uid"/> at <paramref name="address"/>: refuse it from now on.</summary>
    public void QuarantineRemoved(Address address, long uid, string reason)
    {
        if (Quarantine.Add(address, uid, Environment.TickCount64))
            Log.LogWarningQuarantined(address.ToString(), uid, reason);
        if (!_associations.TryGetValue(address, out var association)) return;
        if (association.RemoteUid == uid || association.RemoteUid == 0)
        {
            association.DropIncarnation();
            Watcher.AddressTerminated(address);
        }
    }

    /// <summary>The peer at an address came back with a new uid: the old incarnation is dead for good.</summary>
    public void OnIncarnationReplaced(Association association, long oldUid)
    {
        if (Quarantine.Add(association.Remote, oldUid, Environment.TickCount64))
            Log.LogWarningQuarantined(association.Remote.ToString(), oldUid, "it restarted with a new uid");
        Watcher.AddressTerminated(association.Remote);
    }

    private async Task ShutdownAsync()
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) != 0) return;
        // Let writers flush what the last actors sent (death notifications above all), briefly.
        await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        Abort();
    }

    /// <summary>Closes the listener and every connection at once, as a crash would.</summary>
    public void Abort()
    {
        Volatile.Write(ref _shuttingDown, 1);
        _shutdown.Cancel();
        _listener.Dispose();
        foreach (var association in _associations.Values) association.Close();
    }

    private static long NewUid()
    {
        long uid;
        do uid = Random.Shared.NextInt64(); while (uid == 0);
        return uid;
    }
}
