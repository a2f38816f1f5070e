using Kane.Hosting;

namespace Kane.Remote;

/// <summary>Remoting for a system run by <c>services.AddKane(...)</c>.</summary>
public static class RemotingHostingExtensions
{
    /// <summary>
    /// Makes the hosted system reachable at <c>kane.tcp://name@hostname:port</c>. Other settings come from the
    /// <c>kane.remote</c> HOCON section (and IConfiguration's <c>kane:remote:*</c> keys); <paramref name="secret"/>,
    /// when given, overrides <c>kane.remote.secret</c>, and <paramref name="configure"/> adjusts the rest in code
    /// (serialization bindings, TLS).
    /// </summary>
    /// <exception cref="ArgumentException">At start: a remote setting is out of range or the secret is missing.</exception>
    public static KaneConfigurationBuilder WithRemoting(this KaneConfigurationBuilder builder, string hostname, int port, string? secret = null,
        Func<RemoteSettings, RemoteSettings>? configure = null) =>
        builder.ConfigureSettings(settings =>
        {
            var remote = RemoteSettings.Read(settings.Config) with { Hostname = hostname, Port = port };
            if (secret is not null) remote = remote with { Secret = secret };
            if (configure is not null) remote = configure(remote);
            return settings.WithRemoting(remote);
        });
}
