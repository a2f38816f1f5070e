using Kane.Configuration;

namespace Kane.Remote;

/// <summary>
/// The settings of the TCP transport (<c>kane.remote.*</c> in reference.conf). Build one with <c>with</c> from
/// <see cref="Default"/>, or from HOCON with <see cref="FromConfig"/>.
/// </summary>
public sealed record RemoteSettings
{
    public static readonly RemoteSettings Default = new();

    /// <summary>The interface to bind and the host other systems reach this one by.</summary>
    /// <value>127.0.0.1 (<c>kane.remote.hostname</c>)</value>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The port to bind; 0 picks a free one (the address then carries the actual port).</summary>
    /// <value>4053 (<c>kane.remote.port</c>)</value>
    public int Port { get; init; } = 4053;

    /// <summary>The shared cluster secret both sides prove they know in the handshake; required.</summary>
    /// <value>empty: must be set (<c>kane.remote.secret</c>)</value>
    public string Secret { get; init; } = "";

    /// <summary>The largest frame sent or accepted; a larger outbound message goes to dead letters.</summary>
    /// <value>128000 bytes (<c>kane.remote.maximum-frame-size</c>)</value>
    public int MaximumFrameSize { get; init; } = 128_000;

    /// <summary>User messages waiting for the socket per association; when full, new ones go to dead letters.</summary>
    /// <value>100000 (<c>kane.remote.outbound-queue-size</c>)</value>
    public int OutboundQueueSize { get; init; } = 100_000;

    /// <summary>Bytes written before the writer flushes in the middle of a batch (write coalescing).</summary>
    /// <value>65536 (<c>kane.remote.flush-threshold</c>)</value>
    public int FlushThreshold { get; init; } = 64 * 1024;

    /// <summary>How long a connect plus handshake may take.</summary>
    /// <value>10 s (<c>kane.remote.handshake-timeout</c>)</value>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an address is gated after a failed association: sends meanwhile go to dead letters.</summary>
    /// <value>5 s (<c>kane.remote.retry-gate-closed-for</c>)</value>
    public TimeSpan RetryGateClosedFor { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval of the heartbeats of remote death watch.</summary>
    /// <value>1 s (<c>kane.remote.watch-failure-detector.heartbeat-interval</c>)</value>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which a watched system is declared dead and its incarnation quarantined.</summary>
    /// <value>10 s (<c>kane.remote.watch-failure-detector.acceptable-heartbeat-pause</c>)</value>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unacknowledged system messages kept per association; overflowing it quarantines the peer.</summary>
    /// <value>20000 (<c>kane.remote.system-message-buffer-size</c>)</value>
    public int SystemMessageBufferSize { get; init; } = 20_000;

    /// <summary>How often unacknowledged system messages are sent again.</summary>
    /// <value>2 s (<c>kane.remote.system-message-resend-interval</c>)</value>
    public TimeSpan SystemMessageResendInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Resends of one system message before the peer is quarantined.</summary>
    /// <value>200 (<c>kane.remote.system-message-resend-limit</c>)</value>
    public int SystemMessageResendLimit { get; init; } = 200;

    /// <summary>How long a quarantined incarnation stays refused.</summary>
    /// <value>5 days (<c>kane.remote.prune-quarantine-marker-after</c>)</value>
    public TimeSpan QuarantineDuration { get; init; } = TimeSpan.FromDays(5);

    /// <summary>TLS on the connections; off by default.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Disabled;

    /// <summary>Which message types cross the wire, under which tags.</summary>
    public Serialization.SerializationRegistry Serialization { get; init; } = new();

    /// <summary>Forces the incarnation uid (tests that impersonate an old incarnation); 0 draws a random one.</summary>
    internal long UidOverride { get; init; }

    /// <summary>Reads <c>kane.remote</c> of <paramref name="config"/> over the reference defaults.</summary>
    /// <exception cref="ConfigurationException">A value has the wrong type.</exception>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static RemoteSettings FromConfig(Config config) => Read(config).Validate();

    /// <summary>Reads without validating, for callers that fill in more (the secret) before validating.</summary>
    internal static RemoteSettings Read(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.remote");
        var detector = c.GetConfig("watch-failure-detector");
        return new RemoteSettings
        {
            Hostname = c.GetString("hostname"),
            Port = c.GetInt("port"),
            Secret = c.GetString("secret"),
            MaximumFrameSize = checked((int)c.GetByteSize("maximum-frame-size")),
            OutboundQueueSize = c.GetInt("outbound-queue-size"),
            FlushThreshold = checked((int)c.GetByteSize("flush-threshold")),
            HandshakeTimeout = c.GetTimeSpan("handshake-timeout"),
            RetryGateClosedFor = c.GetTimeSpan("retry-gate-closed-for"),
            HeartbeatInterval = detector.GetTimeSpan("heartbeat-interval"),
            AcceptableHeartbeatPause = detector.GetTimeSpan("acceptable-heartbeat-pause"),
            SystemMessageBufferSize = c.GetInt("system-message-buffer-size"),
            SystemMessageResendInterval = c.GetTimeSpan("system-message-resend-interval"),
            SystemMessageResendLimit = c.GetInt("system-message-resend-limit"),
            QuarantineDuration = c.GetTimeSpan("prune-quarantine-marker-after"),
            Tls = TlsSettings.FromConfig(c.GetConfig("ssl")),
            Serialization = Kane.Remote.Serialization.SerializationRegistry.FromConfig(c.GetConfig("serialization")),
        };
    }

    /// <summary>Checks every value and names the offending key.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public RemoteSettings Validate()
    {
        if (string.IsNullOrWhiteSpace(Hostname)) throw Bad("hostname", Hostname, "must not be empty");
        if (Port is < 0 or > 65535) throw Bad("port", Port, "must be 0 to 65535");
        if (string.IsNullOrEmpty(Secret)) throw Bad("secret", "", "must be set (kane.remote.secret in a config file, or KANE__REMOTE__SECRET in the environment): peers prove they share it before any message crosses");
        if (MaximumFrameSize < 1024) throw Bad("maximum-frame-size", MaximumFrameSize, "must be at least 1024 bytes");
        if (OutboundQueueSize < 1) throw Bad("outbound-queue-size", OutboundQueueSize, "must be positive");
        if (FlushThreshold < 1) throw Bad("flush-threshold", FlushThreshold, "must be positive");
        if (HandshakeTimeout <= TimeSpan.Zero) throw Bad("handshake-timeout", HandshakeTimeout, "must be positive");
        if (RetryGateClosedFor < TimeSpan.Zero) throw Bad("retry-gate-closed-for", RetryGateClosedFor, "must not be negative");
        if (HeartbeatInterval <= TimeSpan.Zero) throw Bad("watch-failure-detector.heartbeat-interval", HeartbeatInterval, "must be positive");
        if (AcceptableHeartbeatPause <= HeartbeatInterval) throw Bad("watch-failure-detector.acceptable-heartbeat-pause", AcceptableHeartbeatPause, "must be longer than the heartbeat interval");
        if (SystemMessageBufferSize < 1) throw Bad("system-message-buffer-size", SystemMessageBufferSize, "must be positive");
        if (SystemMessageResendInterval <= TimeSpan.Zero) throw Bad("system-message-resend-interval", SystemMessageResendInterval, "must be positive");
        if (SystemMessageResendLimit < 1) throw Bad("system-message-resend-limit", SystemMessageResendLimit, "must be positive");
        Tls.Validate();
        return this;
    }

    private static ArgumentException Bad(string key, object value, string why) => InvalidSetting.Error("kane.remote." + key, value, why);
}
