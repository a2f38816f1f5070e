namespace Kane.Actor;

/// <summary>
/// The location of an actor system: <c>kane://kane</c> for a local system, <c>kane.tcp://kane@host:port</c> for a
/// remotely reachable one. Two addresses are equal when protocol, system, host and port are equal.
/// </summary>
public sealed record Address(string Protocol, string System, string? Host = null, int? Port = null)
{
    /// <summary>The protocol of systems that are only reachable in-process.</summary>
    public const string LocalProtocol = "kane";

    /// <summary>True when the address carries a host and port (a remotely reachable system).</summary>
    public bool HasGlobalScope => Host is not null;

    /// <summary>A local address for the given system name.</summary>
    public static Address Local(string system) => new(LocalProtocol, system);

    public override string ToString() => Host is null
        ? $"{Protocol}://{System}"
        : Port is null ? $"{Protocol}://{System}@{Host}" : $"{Protocol}://{System}@{Host}:{Port}";

    /// <summary>Parses <c>protocol://system[@host[:port]]</c>.</summary>
    /// <exception cref="FormatException">The text is not an address; the message says which part is wrong.</exception>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
            throw new FormatException($"'{text}' is not an actor system address: {error}. Expected protocol://system[@host:port], e.g. kane.tcp://kane@127.0.0.1:4053.");
        return address;
    }

    internal static bool TryParse(string text, out Address address, out string error)
    {
        address = null!;
        var sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0) { error = "missing '://'"; return false; }
        var protocol = text[..sep];
        var rest = text[(sep + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        var at = rest.IndexOf('@');
        if (at < 0)
        {
            if (rest.Length == 0) { error = "missing system name"; return false; }
            address = new Address(protocol, rest);
            error = "";
            return true;
        }
        var system = rest[..at];
        var hostPort = rest[(at + 1)..];
        if (system.Length == 0) { error = "missing system name"; return false; }
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            address = new Address(protocol, system, hostPort);
            error = "";
            return true;
        }
        if (!int.TryParse(hostPort[(colon + 1)..], out var port) || port is < 0 or > 65535)
        {
            error = $"port '{hostPort[(colon + 1)..]}' is not a number from 0 to 65535";
            return false;
        }
        address = new Address(protocol, system, hostPort[..colon], port);
        error = "";
        return true;
    }
}
