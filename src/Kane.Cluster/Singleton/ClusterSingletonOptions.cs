using Kane.Actor;

namespace Kane.Cluster.Singleton;

/// <summary>Hosting options of one singleton (<c>WithSingleton</c> / <c>WithSingletonProxy</c>); unset values come from <c>kane.cluster.singleton*</c>.</summary>
public sealed record ClusterSingletonOptions
{
    /// <summary>The role the singleton runs on; null = <c>kane.cluster.singleton.role</c>.</summary>
    public string? Role { get; init; }

    /// <summary>What the singleton gets to stop during a hand-over.</summary>
    /// <value><see cref="PoisonPill"/></value>
    public object TerminationMessage { get; init; } = PoisonPill.Instance;

    /// <summary>The proxy's buffer; null = <c>kane.cluster.singleton-proxy.buffer-size</c>.</summary>
    public int? BufferSize { get; init; }

    internal ClusterSingletonSettings Manager(ActorSystem system)
    {
        var s = ClusterSingletonSettings.FromConfig(system.Settings.Config);
        return (Role is null ? s : s with { Role = Role }).Validate();
    }

    internal ClusterSingletonProxySettings Proxy(ActorSystem system)
    {
        var s = ClusterSingletonProxySettings.FromConfig(system.Settings.Config);
        if (Role is not null) s = s with { Role = Role };
        if (BufferSize is { } size) s = s with { BufferSize = size };
        return s.Validate();
    }
}
