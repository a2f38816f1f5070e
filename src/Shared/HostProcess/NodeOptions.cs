using System.CommandLine;
using System.Globalization;
using Kane.Actor;
using Kane.Cluster;

namespace Kane.HostProcess;

/// <summary>
/// The command line every Kane host takes (Kane.Seed, Kane.Node): where to listen, whom to join, which journal and
/// management port to use, and on a worker its agents and their capabilities. Each option becomes the IConfiguration
/// key of its setting, so the order of precedence stays reference.conf &lt; the host's defaults &lt; --config file
/// &lt; KANE__ environment variables &lt; these options.
/// </summary>
internal sealed record NodeOptions(string? ConfigFile, string? Hostname, int? Port, IReadOnlyList<string> Seeds, int? ManagementPort,
    string? Journal, IReadOnlyList<string> HostArgs)
{
    /// <summary>--agents: agents this worker starts (kane.agents.agents-per-node); null on a seed or when not given.</summary>
    public int? Agents { get; init; }

    /// <summary>--capabilities: this worker's agents' capabilities (kane.agents.capabilities); null when not given.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>The options as configuration keys (kane:remote:port, kane:cluster:seed-nodes:0, ...).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfigurationKeys()
    {
        if (Hostname is not null) yield return new("kane:remote:hostname", Hostname);
        if (Port is { } port) yield return new("kane:remote:port", port.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < Seeds.Count; i++) yield return new($"kane:cluster:seed-nodes:{i}", Seeds[i]);
        if (ManagementPort is { } mp) yield return new("kane:cmd:port", mp.ToString(CultureInfo.InvariantCulture));
        if (Agents is { } agents) yield return new("kane:agents:agents-per-node", agents.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < (Capabilities?.Count ?? 0); i++) yield return new($"kane:agents:capabilities:{i}", Capabilities![i]);
    }

    /// <summary>Parses <paramref name="args"/>; unknown <c>--kane:...</c> switches pass through to the host.</summary>
    /// <param name="worker">Accept the worker's options (--agents, --capabilities), as Kane.Node does.</param>
    /// <returns>The options, or an error message saying what was wrong and how to fix it.</returns>
    public static (NodeOptions? Options, string? Error) Parse(string[] args, bool worker = false, string systemName = ActorSystem.DefaultName)
    {
        var config = new Option<string?>("--config") { Description = "HOCON file with this node's settings (over the built-in defaults)." };
        var hostname = new Option<string?>("--hostname") { Description = "Interface to bind and the host other nodes reach this one by." };
        var port = new Option<int?>("--port") { Description = "Remoting port (0 picks a free one)." };
        var seed = new Option<string[]>("--seed") { Description = "A seed node, HOST:PORT or kane.tcp://kane@HOST:PORT; repeat for several, same order on every node.", AllowMultipleArgumentsPerToken = false };
        var management = new Option<int?>("--management-port") { Description = "Port of the management endpoint the kane CLI talks to (default 9110)." };
        var journal = new Option<string?>("--journal") { Description = "Journal: sqlite:PATH or postgres:CONNSTRING." };
        var agents = new Option<string?>("--agents") { Description = "Agents this node starts (0 = one per core)." };
        var capabilities = new Option<string?>("--capabilities") { Description = "Comma-separated capabilities of this node's agents, e.g. fs,exif." };
        var root = new RootCommand("Kane host") { config, hostname, port, seed, management, journal };
        if (worker)
        {
            root.Options.Add(agents);
            root.Options.Add(capabilities);
        }
        root.TreatUnmatchedTokensAsErrors = false;
        var result = root.Parse(args);
        if (result.Errors.Count > 0) return (null, string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
        var unmatched = result.UnmatchedTokens.ToList();
        var unknown = unmatched.FirstOrDefault(t => t.StartsWith('-') && !t.StartsWith("--kane:", StringComparison.OrdinalIgnoreCase) && !t.StartsWith("--kane__", StringComparison.OrdinalIgnoreCase));
        if (unknown is not null)
            return (null, $"Unknown option '{unknown}'. Options: --config, --hostname, --port, --seed, --management-port, --journal{(worker ? ", --agents, --capabilities" : "")}, or a setting as --kane:section:key=value.");
        var seeds = new List<string>();
        foreach (var s in result.GetValue(seed) ?? [])
        {
            if (NormalizeSeed(s, systemName) is not { } normalized)
                return (null, $"--seed '{s}' is not HOST:PORT or kane.tcp://{systemName}@HOST:PORT (e.g. --seed 10.0.0.1:4053).");
            seeds.Add(normalized);
        }
        var p = result.GetValue(port);
        if (p is < 0 or > 65535) return (null, $"--port {p} is out of range: use 0 to 65535.");
        var m = result.GetValue(management);
        if (m is < 0 or > 65535) return (null, $"--management-port {m} is out of range: use 0 to 65535.");
        var configFile = result.GetValue(config);
        if (configFile is not null && !File.Exists(configFile)) return (null, $"--config {configFile}: no such file.");
        var j = result.GetValue(journal);
        if (j is not null && !j.StartsWith("sqlite:", StringComparison.Ordinal) && !j.StartsWith("postgres:", StringComparison.Ordinal))
            return (null, $"--journal '{j}' must be sqlite:PATH or postgres:CONNSTRING.");
        if (j is "sqlite:" or "postgres:") return (null, $"--journal '{j}' names no database: give sqlite:PATH or postgres:CONNSTRING.");
        int? agentCount = null;
        if (result.GetValue(agents) is { } a)
        {
            if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 4096)
                return (null, $"--agents '{a}' must be a whole number from 0 (one per core) to 4096.");
            agentCount = n;
        }
        IReadOnlyList<string>? caps = null;
        if (result.GetValue(capabilities) is { } c)
        {
            var list = c.Split(',', StringSplitOptions.TrimEntries);
            if (list.FirstOrDefault(x => x.Length == 0 || x.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch))) is { } bad)
                return (null, $"--capabilities '{c}' has an {(bad.Length == 0 ? "empty" : $"invalid ('{bad}')")} entry: give names without spaces separated by commas, e.g. --capabilities fs,exif.");
            caps = [.. list.Distinct(StringComparer.Ordinal)];
        }
        return (new NodeOptions(configFile, result.GetValue(hostname), p, seeds, m, j, unmatched) { Agents = agentCount, Capabilities = caps }, null);
    }

    private static string? NormalizeSeed(string text, string systemName) =>
        ClusterAddress.TryParse(text, systemName, out var address) ? address.ToString() : null;
}
