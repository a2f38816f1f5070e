using Kane.Actor;
using Kane.Cluster.Singleton.Internal;

namespace Kane.Cluster.Singleton;

/// <summary>
/// A local stand-in for a cluster singleton: send to the proxy and it forwards (keeping the sender) to the singleton
/// wherever it runs, buffering while it is unknown or moving.
/// </summary>
/// <remarks>
/// <para>The proxy follows the oldest member with the role and asks the <see cref="ClusterSingletonManager"/> there
/// for the singleton every <see cref="ClusterSingletonProxySettings.SingletonIdentificationInterval"/> until that
/// manager runs it. While none is known, up to <see cref="ClusterSingletonProxySettings.BufferSize"/> messages wait;
/// beyond that the oldest goes to dead letters with a log line.</para>
/// <para><b>Planned hand-over loses nothing sent through a proxy.</b> Every message a proxy accepted is delivered
/// exactly once, in the order the proxy accepted it, either to the old singleton before it receives its termination
/// message or to the new singleton, provided that: the hand-over is a graceful leave (not a crash or a downing); the
/// proxy's node stays in the cluster until the new singleton is identified; the proxy acknowledges the manager's
/// stop notice within hand-over-retry-interval (it always does unless its node is unreachable or overloaded); and
/// its buffer does not overflow meanwhile. The old singleton must process what is in its mailbox before its
/// termination message (any stop message that is handled in mailbox order does). Messages sent to the singleton by
/// other means than a proxy have no such guarantee. See docs/decisions/0009-singleton-handover.md.</para>
/// </remarks>
public static class ClusterSingletonProxy
{
    /// <summary>The proxy's Props.</summary>
    /// <param name="singletonManagerPath">The manager's path on every node, e.g. <c>/user/jobs</c>.</param>
    /// <param name="settings">Identification interval, buffer size and role; from the system's configuration when null.</param>
    /// <exception cref="ArgumentException">The path is not absolute, or a setting is out of range.</exception>
    public static Props Props(string singletonManagerPath, ClusterSingletonProxySettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singletonManagerPath);
        if (!singletonManagerPath.StartsWith('/') || singletonManagerPath.Contains("://", StringComparison.Ordinal))
            throw new ArgumentException($"'{singletonManagerPath}' must be the manager's absolute path without an address, e.g. /user/jobs.", nameof(singletonManagerPath));
        settings?.Validate();
        return Actor.Props.Create(() => new SingletonProxy(singletonManagerPath, settings));
    }
}
