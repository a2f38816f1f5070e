using System.Net;
using Kane.Configuration;

namespace Kane.Cmd;

/// <summary>
/// The settings of the management endpoint (<c>kane.cmd.*</c> in reference.conf). Build one with <c>with</c> from
/// <see cref="Default"/>, or from HOCON with <see cref="FromConfig"/>.
/// </summary>
public sealed record CmdSettings
{
    public static readonly CmdSettings Default = new();

    /// <summary>The interface to bind: an IP address or a host name resolved at start.</summary>
    /// <value>127.0.0.1 (<c>kane.cmd.host</c>)</value>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port to bind; 0 picks a free one (<see cref="KaneCmd.EndPoint"/> then carries it).</summary>
    /// <value>9110 (<c>kane.cmd.port</c>)</value>
    public int Port { get; init; } = 9110;

    /// <summary>
    /// The secret a client must send with commands that change the cluster. Empty: such commands run only while
    /// the endpoint is bound to a loopback address, and are refused otherwise.
    /// </summary>
    /// <value>empty (<c>kane.cmd.access-token</c>)</value>
    public string AccessToken { get; init; } = "";

    /// <summary>The largest request frame accepted; a larger one gets an error reply and the connection is closed.</summary>
    /// <value>65536 bytes (<c>kane.cmd.max-request-bytes</c>)</value>
    public int MaxRequestBytes { get; init; } = 64 * 1024;

    /// <summary>Connections served at once; one more is answered with a "busy" error and closed.</summary>
    /// <value>16 (<c>kane.cmd.max-connections</c>)</value>
    public int MaxConnections { get; init; } = 16;

    /// <summary>How long a client may take to send its request after connecting.</summary>
    /// <value>10 s (<c>kane.cmd.request-timeout</c>)</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads <c>kane.cmd</c> of <paramref name="config"/> over the reference defaults, and validates it.</summary>
    /// <exception cref="ConfigurationException">A value has the wrong type.</exception>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public static CmdSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config).GetConfig("kane.cmd");
        return new CmdSettings
        {
            Host = c.GetString("host"),
            Port = c.GetInt("port"),
            AccessToken = c.GetString("access-token"),
            MaxRequestBytes = checked((int)c.GetByteSize("max-request-bytes")),
            MaxConnections = c.GetInt("max-connections"),
            RequestTimeout = c.GetTimeSpan("request-timeout"),
        }.Validate();
    }

    /// <summary>Checks every value and names the offending key.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public CmdSettings Validate()
    {
        InvalidSetting.Require(!string.IsNullOrWhiteSpace(Host), "kane.cmd.host", Host, "must not be empty");
        InvalidSetting.Require(Port is >= 0 and <= 65535, "kane.cmd.port", Port, "must be 0 to 65535");
        InvalidSetting.Require(MaxRequestBytes is >= 256 and <= 16 * 1024 * 1024, "kane.cmd.max-request-bytes", MaxRequestBytes, "must be 256 bytes to 16 MiB");
        InvalidSetting.Require(MaxConnections >= 1, "kane.cmd.max-connections", MaxConnections, "must be at least 1");
        InvalidSetting.Require(RequestTimeout > TimeSpan.Zero, "kane.cmd.request-timeout", RequestTimeout, "must be positive");
        // Never print the token itself in the error.
        InvalidSetting.Require(AccessToken.Length is 0 or >= 8, "kane.cmd.access-token", $"<{AccessToken.Length} characters>", "must be empty or at least 8 characters");
        return this;
    }

    /// <summary>True when <see cref="Host"/> names only loopback interfaces (127.0.0.0/8, ::1, localhost).</summary>
    public bool IsLoopback =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));
}
