using System.Globalization;
using Kane.Configuration;

namespace Kane.MultiNode;

/// <summary>
/// Declares the roles of a multi-node spec (<see cref="Role"/>, one process each), the HOCON every role shares
/// (<see cref="CommonConfig"/>) and per-role overrides (<see cref="NodeConfig"/>), which take precedence.
/// </summary>
public abstract class MultiNodeConfig
{
    private readonly List<RoleName> _roles = [];
    private readonly Dictionary<RoleName, List<string>> _nodeConfigs = [];

    /// <summary>
    /// Under every spec's config, over the reference defaults. Later layers (common, per role, and the runner's
    /// address and secret) override it.
    /// </summary>
    /// <remarks>
    /// The settings every multi-node spec wants: among them, the split brain resolver is off unless a spec about
    /// partitions turns it on (<c>kane.cluster.downing-provider = split-brain-resolver</c> in its CommonConfig).
    /// </remarks>
    public static string BaseConfig { get; } = """
        kane.remote {
          # Restarted roles come back on the same host:port: a short gate lets the others redial them soon.
          retry-gate-closed-for = 1s
          handshake-timeout = 5s
        }
        kane.cluster {
          # No automatic downing unless a spec is about partitions and turns it on (Akka's rule, an#6628).
          downing-provider = off
          periodic-tasks-initial-delay = 100ms
          seed-node-timeout = 2s
        }
        """;

    /// <summary>The roles in declaration order.</summary>
    public IReadOnlyList<RoleName> Roles => _roles;

    /// <summary>HOCON every role gets, over <see cref="BaseConfig"/>.</summary>
    public string CommonConfig { get; protected set; } = "";

    /// <summary>How long the first role at a barrier waits for the others before the barrier fails.</summary>
    /// <value>30 s</value>
    public TimeSpan BarrierTimeout { get; protected set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the whole spec may run before every process is killed and the spec fails.</summary>
    /// <value>60 s</value>
    public TimeSpan SpecTimeout { get; protected set; } = TimeSpan.FromSeconds(60);

    /// <summary>Declares a role; one role is one process.</summary>
    protected RoleName Role(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_'))
            throw new ArgumentException($"Role name '{name}' must be letters, digits, '-' or '_'.", nameof(name));
        var role = new RoleName(name);
        if (_roles.Contains(role)) throw new ArgumentException($"Role '{name}' is declared twice.", nameof(name));
        _roles.Add(role);
        return role;
    }

    /// <summary>HOCON for <paramref name="roles"/> only, over <see cref="CommonConfig"/>.</summary>
    protected void NodeConfig(IEnumerable<RoleName> roles, params string[] hocon)
    {
        foreach (var role in roles)
        {
            if (!_nodeConfigs.TryGetValue(role, out var list)) _nodeConfigs[role] = list = [];
            list.AddRange(hocon);
        }
    }

    /// <summary>The full config of <paramref name="role"/> bound to <paramref name="hostname"/>:<paramref name="port"/>.</summary>
    /// <exception cref="ConfigurationException">A layer does not parse; the origin names it.</exception>
    internal Config ConfigFor(RoleName role, string hostname, int port, string secret)
    {
        var runner = string.Create(CultureInfo.InvariantCulture,
            $"kane.remote {{ hostname = \"{hostname}\", port = {port}, secret = \"{secret}\" }}");
        var config = Parse(runner, "multi-node runner");
        if (_nodeConfigs.TryGetValue(role, out var own))
            for (var i = own.Count - 1; i >= 0; i--) config = config.WithFallback(Parse(own[i], $"NodeConfig({role})"));
        config = config.WithFallback(Parse(CommonConfig, "CommonConfig")).WithFallback(Parse(BaseConfig, "BaseConfig"));
        return KaneReference.WithDefaults(config);
    }

    private static Config Parse(string hocon, string origin) =>
        ConfigurationFactory.ParseString(hocon, origin, resolveAgainst: KaneReference.Config);
}
