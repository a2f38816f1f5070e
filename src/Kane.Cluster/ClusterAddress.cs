using System.Globalization;
using Kane.Actor;

namespace Kane.Cluster;

/// <summary>The address forms people type for a cluster member: <c>kane.tcp://system@host:port</c> or <c>HOST:PORT</c>.</summary>
public static class ClusterAddress
{
    /// <summary>
    /// Parses a full remote address, or <c>HOST:PORT</c> for a system named <paramref name="systemName"/>.
    /// False for anything without a host and a port from 1 to 65535.
    /// </summary>
    public static bool TryParse(string text, string systemName, out Address address)
    {
        address = null!;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                address = Address.Parse(text);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return false;
            }
            return address.HasGlobalScope && address.Port is > 0 and <= 65535;
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return false;
        address = new Address("kane.tcp", systemName, text[..colon], port);
        return true;
    }
}
