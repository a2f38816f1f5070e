using System.CommandLine;
using System.Globalization;
using Kane.Actor;
using Kane.Cluster;

namespace Kane.Seed;

/// <summary>
/// The command line every Kane host takes (Kane.Seed now, Kane.Node later): where to listen, whom to join, which
/// journal and management port to use. Each option becomes the IConfiguration key of its setting, so the order
/// of precedence stays reference.conf &lt; --config file &lt; KANE__ environment variables &lt; these options.
/// </summary>
internal sealed record NodeOptions(string? ConfigFile, string? Hostname, int? Port, IReadOnlyList<string> Seeds, int? ManagementPort,
    string? Journal, IReadOnlyList<string> HostArgs)
{
    /// <summary>The options as configuration keys (kane:remote:port, kane:cluster:seed-nodes:0, ...).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfigurationKeys()
    {
        if (Hostname is not null) yield return new("kane:remote:hostname", Hostname);
        if (Port is { } port) yield return new("kane:remote:port", port.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < Seeds.Count; i++) yield return new($"kane:cluster:seed-nodes:{i}", Seeds[i]);
        if (ManagementPort is { } mp) yield return new("kane:cmd:port", mp.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Parses <paramref name="args"/>; unknown <c>--kane:...</c> switches pass through to the host.</summary>
    /// <returns>The options, or an error message saying what was wrong and how to fix it.</returns>
    public static (NodeOptions? Options, string? Error) Parse(string[] args, string systemName = ActorSystem.DefaultName)
    {
        var config = new Option<string?>("--config") { Description = "HOCON file with this node's settings (over the built-in defaults)." };
        var hostname = new Option<string?>("--hostname") { Description = "Interface to bind and the host other nodes reach this one by." };
        var port = new Option<int?>("--port") { Description = "Remoting port (0 picks a free one)." };
        var seed = new Option<string[]>("--seed") { Description = "A seed node, HOST:PORT or kane.tcp://kane@HOST:PORT; repeat for several, same order on every node.", AllowMultipleArgumentsPerToken = false };
        var management = new Option<int?>("--management-port") { Description = "Port of the management endpoint the kane CLI talks to (default 9110)." };
        var journal = new Option<string?>("--journal") { Description = "Journal: sqlite:PATH or postgres:CONNSTRING." };
        var root = new RootCommand("Kane host") { config, hostname, port, seed, management, journal };
        root.TreatUnmatchedTokensAsErrors = false;
        var result = root.Parse(args);
        if (result.Errors.Count > 0) return (null, string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
        var unmatched = result.UnmatchedTokens.ToList();
        var unknown = unmatched.FirstOrDefault(t => t.StartsWith('-') && !t.StartsWith("--kane:", StringComparison.OrdinalIgnoreCase) && !t.StartsWith("--kane__", StringComparison.OrdinalIgnoreCase));
        if (unknown is not null) return (null, $"Unknown option '{unknown}'. Options: --config, --hostname, --port, --seed, --management-port, --journal, or a setting as --kane:section:key=value.");
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
        return (new NodeOptions(configFile, result.GetValue(hostname), p, seeds, m, j, unmatched), null);
    }

    private static string? NormalizeSeed(string text, string systemName) =>
        ClusterAddress.TryParse(text, systemName, out var address) ? address.ToString() : null;
}
