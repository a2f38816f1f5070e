using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;
using Kane.Actor;
using Kane.Remote.Internal.Wire;

namespace Kane.Remote.Internal;

/// <summary>
/// Everything this system knows about one remote system: the one live connection, the bounded queue of user messages
/// (full → dead letters), the control frames (system messages, acks, heartbeats), reliable-delivery state for the
/// current incarnation, and the gate after a failed association.
/// </summary>
internal sealed class Association
{
    private readonly RemoteTransport _transport;
    private readonly Channel<object> _queue;
    private readonly ConcurrentQueue<(FrameKind Kind, IMessage Body)> _control = new();
    private readonly object _gate = new();
    private readonly SystemMessageOutbox _outbox;
    private readonly SystemMessageInbox _inbox = new();
    private volatile Connection? _connection;
    private int _connecting;
    private long _gatedUntil;
    private long _lastHeard;

    public Association(RemoteTransport transport, Address remote)
    {
        _transport = transport;
        Remote = remote;
        _outbox = new SystemMessageOutbox(transport.Settings.SystemMessageBufferSize);
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(transport.Settings.OutboundQueueSize)
        {
            FullMode = BoundedChannelFullMode.Wait, // never waited on: TryWrite fails when full and the message is dead-lettered
            SingleReader = true,
        });
    }

    public Address Remote { get; }

    /// <summary>The uid of the incarnation currently associated; 0 before the first handshake.</summary>
    public long RemoteUid { get; private set; }

    public long LastHeard => Volatile.Read(ref _lastHeard);

    public bool IsConnected => _connection is { IsClosed: false };

    private bool IsGated => Environment.TickCount64 < Volatile.Read(ref _gatedUntil);

    public void Send(Outbound message)
    {
        if (IsGated)
        {
            _transport.DeadLetter(message, $"association with {Remote} is gated after a failure");
            return;
        }
        if (!_queue.Writer.TryWrite(message))
        {
            _transport.DeadLetter(message, $"outbound queue to {Remote} is full (kane.remote.outbound-queue-size = {_transport.Settings.OutboundQueueSize})");
            return;
        }
        if (_connection is null) EnsureConnected();
    }

    /// <summary>Queues a system message for reliable delivery; false when the buffer overflowed (the caller quarantines).</summary>
    public bool SendSystem(SystemEnvelope envelope)
    {
        lock (_gate)
        {
            if (!_outbox.TryAdd(envelope, Environment.TickCount64)) return false;
        }
        EnqueueControl(FrameKind.SystemEnvelope, envelope);
        EnsureConnected();
        return true;
    }

    public void SendHeartbeat()
    {
        EnqueueControl(FrameKind.Heartbeat, new Heartbeat());
        EnsureConnected();
    }

    public void EnqueueControl(FrameKind kind, IMessage body)
    {
        _control.Enqueue((kind, body));
        _queue.Writer.TryWrite(Wakeup.Instance); // full means the writer is busy and will see the control frame anyway
    }

    private void EnsureConnected()
    {
        if (_connection is not null || IsGated || _transport.IsShuttingDown) return;
        if (Interlocked.CompareExchange(ref _connecting, 1, 0) != 0) return;
        _ = ConnectAsync();
    }

    private async Task ConnectAsync()
    {
        try
        {
            var connection = await _transport.DialAsync(Remote).ConfigureAwait(false);
            Attach(connection);
        }
        catch (HandshakeRefusedException e) when (e.ByPeer)
        {
            _transport.Log.LogErrorRefusedByPeer(Remote.ToString(), e.Message);
            Gate(e.Message);
        }
        catch (Exception e)
        {
            Gate(e.Message);
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused } && !_transport.IsShuttingDown)
                _transport.System.EventStream.Publish(new RemoteConnectionRefused(Remote));
        }
        finally
        {
            Volatile.Write(ref _connecting, 0);
        }
    }

    /// <summary>
    /// Makes <paramref name="connection"/> the live one after its handshake. When two connections to the same
    /// incarnation race (both sides dialed), both sides keep the one dialed by the lower address.
    /// </summary>
    public void Attach(Connection connection)
    {
        Connection? replaced;
        long restartedUid = 0;
        lock (_gate)
        {
            replaced = _connection;
            if (RemoteUid != 0 && RemoteUid != connection.RemoteUid)
            {
                restartedUid = RemoteUid;
                _outbox.Reset();
                _inbox.Reset();
            }
            else if (replaced is { IsClosed: false } && string.CompareOrdinal(connection.DialerAddress, replaced.DialerAddress) > 0)
            {
                // The peer may already have written messages on this losing connection: read them before closing.
                _ = DrainAsync(connection);
                return;
            }
            RemoteUid = connection.RemoteUid;
            Volatile.Write(ref _lastHeard, Environment.TickCount64);
            Volatile.Write(ref _gatedUntil, 0);
            _connection = connection;
            _control.Clear();
            foreach (var pending in _outbox.All) _control.Enqueue((FrameKind.SystemEnvelope, pending.Envelope));
        }
        if (replaced is not null)
        {
            if (restartedUid != 0) replaced.Close();
            else Retire(replaced); // a duplicate of the same incarnation: flush, half-close, read the rest
        }
        if (restartedUid != 0) _transport.OnIncarnationReplaced(this, restartedUid);
        _transport.Log.LogInformationAssociated(Remote.ToString(), connection.RemoteUid, connection.DialerAddress == _transport.Address.ToString() ? "outbound" : "inbound");
        _queue.Writer.TryWrite(Wakeup.Instance);
        _ = RunAsync(connection);
    }

    /// <summary>
    /// A duplicate connection lost the tie-break after it carried traffic: its writer stops (after flushing), the
    /// peer gets a half-close, and its reader keeps delivering until the peer closes or the handshake timeout passes.
    /// </summary>
    private void Retire(Connection connection)
    {
        connection.Retire();
        _ = CloseAfterAsync(connection, _transport.Settings.HandshakeTimeout);
    }

    /// <summary>A losing duplicate that never carried our traffic: half-close it at once and deliver what the peer sent.</summary>
    private async Task DrainAsync(Connection connection)
    {
        connection.Retire();
        await connection.HalfCloseAsync().ConfigureAwait(false);
        _ = CloseAfterAsync(connection, _transport.Settings.HandshakeTimeout);
        try
        {
            await connection.ReadLoopAsync((kind, body) =>
            {
                if (_transport.Links.RuleFor(Remote).DropInbound) return;
                Volatile.Write(ref _lastHeard, Environment.TickCount64);
                _transport.OnFrame(this, kind, body);
            }).ConfigureAwait(false);
        }
        catch (Exception) { }
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task CloseAfterAsync(Connection connection, TimeSpan delay)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        connection.Close();
    }

    private async Task RunAsync(Connection connection)
    {
        var writer = Task.Run(() => WriteLoopAsync(connection));
        string reason = "closed by peer";
        try
        {
            await connection.ReadLoopAsync((kind, body) =>
            {
                if (_transport.Links.RuleFor(Remote).DropInbound) return;
                Volatile.Write(ref _lastHeard, Environment.TickCount64);
                _transport.OnFrame(this, kind, body);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { reason = "closed"; }
        catch (Exception e) { reason = e.Message; }
        connection.Close();
        try { await writer.ConfigureAwait(false); } catch (Exception) { }
        await connection.DisposeAsync().ConfigureAwait(false);
        bool wasCurrent;
        lock (_gate)
        {
            wasCurrent = ReferenceEquals(_connection, connection);
            if (wasCurrent) _connection = null;
        }
        if (!wasCurrent) return;
        _transport.Log.LogInformationDisconnected(Remote.ToString(), reason);
        // Messages still queued (or system messages unacked) try one reconnect; if that fails the address is gated.
        if (_queue.Reader.Count > 0 || _outbox.Count > 0) EnsureConnected();
    }

    private async Task WriteLoopAsync(Connection connection)
    {
        var reader = _queue.Reader;
        var output = connection.Output;
        var threshold = _transport.Settings.FlushThreshold;
        var ct = connection.Closing;
        try
        {
            while (await reader.WaitToReadAsync(connection.WriterStopping).ConfigureAwait(false))
            {
                if (connection.IsClosed || connection.IsRetired) break;
                var written = 0;
                var rule = _transport.Links.RuleFor(Remote);
                while (written < threshold && !connection.IsRetired)
                {
                    if (_control.TryDequeue(out var control))
                    {
                        if (!rule.DropOutbound) written += Framing.Write(output, control.Kind, control.Body);
                        continue;
                    }
                    if (!reader.TryRead(out var item)) break;
                    if (item is Outbound outbound && !rule.DropOutbound) written += WriteEnvelope(output, outbound);
                }
                if (written > 0)
                {
                    var flush = await output.FlushAsync(ct).ConfigureAwait(false);
                    if (flush.IsCompleted) return;
                    var pace = rule.PaceFor(written);
                    if (pace > TimeSpan.Zero) await Task.Delay(pace, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception)
        {
            connection.Close();
            return;
        }
        // Retired: everything taken from the queue was flushed above; tell the peer nothing more comes.
        if (connection.IsRetired && !connection.IsClosed) await connection.HalfCloseAsync().ConfigureAwait(false);
    }

    private int WriteEnvelope(PipeWriter output, Outbound message)
    {
        Envelope envelope;
        try
        {
            envelope = new Envelope
            {
                Recipient = message.Recipient.WirePath,
                Sender = _transport.Codec.SerializeRef(message.Sender),
                Payload = _transport.Codec.Serialize(message.Message),
            };
        }
        catch (Exception e)
        {
            _transport.Log.LogWarningNotSerializable(message.Message.GetType().FullName ?? "?", message.Recipient.Path.ToString(), e.Message);
            _transport.DeadLetter(message, e.Message);
            return 0;
        }
        var size = Framing.FrameSize(envelope);
        if (size > _transport.Settings.MaximumFrameSize)
        {
            _transport.Log.LogWarningOversized(message.Message.GetType().FullName ?? "?", message.Recipient.Path.ToString(), size, _transport.Settings.MaximumFrameSize);
            _transport.DeadLetter(message, $"{size} bytes is over kane.remote.maximum-frame-size ({_transport.Settings.MaximumFrameSize})");
            return 0;
        }
        return Framing.Write(output, FrameKind.Envelope, envelope, size);
    }

    /// <summary>A system message arrived: true when it is the next in order (deliver it); the ack is queued either way.</summary>
    public bool AcceptSystem(long seq)
    {
        bool accepted;
        long cumulative;
        lock (_gate)
        {
            accepted = _inbox.Accept(seq);
            cumulative = _inbox.Cumulative;
        }
        EnqueueControl(FrameKind.Ack, new Ack { Cumulative = cumulative });
        return accepted;
    }

    public void Acked(long cumulative)
    {
        lock (_gate) _outbox.Ack(cumulative);
    }

    /// <summary>Queues again the system messages unacked for a resend interval; false when one hit the resend limit.</summary>
    public bool ResendDue()
    {
        List<SystemMessageOutbox.Pending> due;
        lock (_gate)
        {
            if (_outbox.Count == 0 || _connection is null) return true;
            due = _outbox.DueForResend(Environment.TickCount64, (long)_transport.Settings.SystemMessageResendInterval.TotalMilliseconds);
        }
        foreach (var p in due)
        {
            if (p.Resends > _transport.Settings.SystemMessageResendLimit) return false;
            EnqueueControl(FrameKind.SystemEnvelope, p.Envelope);
        }
        return true;
    }

    /// <summary>Closes the association for <c>retry-gate-closed-for</c>; queued user messages go to dead letters.</summary>
    public void Gate(string reason)
    {
        var gate = _transport.Settings.RetryGateClosedFor;
        Volatile.Write(ref _gatedUntil, Environment.TickCount64 + (long)gate.TotalMilliseconds);
        _transport.Log.LogWarningGated(Remote.ToString(), gate, reason);
        while (_queue.Reader.TryRead(out var item))
            if (item is Outbound outbound) _transport.DeadLetter(outbound, $"association with {Remote} failed: {reason}");
    }

    /// <summary>Drops the connection and all state of the current incarnation (quarantine).</summary>
    public void DropIncarnation()
    {
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
            _connection = null;
            _outbox.Reset();
            _inbox.Reset();
            _control.Clear();
        }
        connection?.Close();
    }

    public void Close() => _connection?.Close();

    /// <summary>Wakes the writer when only control frames were added.</summary>
    private sealed class Wakeup
    {
        public static readonly Wakeup Instance = new();
    }
}
