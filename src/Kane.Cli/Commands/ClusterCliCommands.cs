using System.CommandLine;
using Kane.Cli.Management;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane cluster show|leader|tail|join|leave|down|down-unreachable|sharding ...</c>: pbm's cluster palette, run by the node
/// at --host:--port (palette 'cluster'). Defined here so <c>--help</c> documents them; the node does the work.
/// </summary>
internal static class ClusterCliCommands
{
    public static Command Create(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var cluster = new Command("cluster", "Inspect and change cluster membership (palette 'cluster').");
        cluster.Subcommands.Add(Simple(endpoint, output, error, "show", "One line per member: address | roles | status | reachability | app version; the leader marked; then the count."));
        cluster.Subcommands.Add(Simple(endpoint, output, error, "leader", "The current leader as the node sees it."));
        cluster.Subcommands.Add(Simple(endpoint, output, error, "tail", "Stream membership and reachability events until Ctrl-C."));
        cluster.Subcommands.Add(Simple(endpoint, output, error, "down-unreachable", "Down every member the node sees as unreachable (needs the access token)."));
        cluster.Subcommands.Add(WithAddress(endpoint, output, error, "join", "Make the node join the cluster ADDR belongs to (needs the access token)."));
        cluster.Subcommands.Add(WithAddress(endpoint, output, error, "leave", "Ask the member at ADDR to leave gracefully (needs the access token)."));
        cluster.Subcommands.Add(WithAddress(endpoint, output, error, "down", "Declare the member at ADDR dead so it is removed (needs the access token)."));
        cluster.Subcommands.Add(Sharding(endpoint, output, error));
        return cluster;
    }

    /// <summary><c>kane cluster sharding regions|region-stats -r TYPE|shard-stats -r TYPE</c> (palette 'cluster-sharding').</summary>
    private static Command Sharding(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var sharding = new Command("sharding", "Inspect cluster sharding (palette 'cluster-sharding').");
        var regions = new Command("regions", "The entity types with a region on the node and the addresses of all their regions.");
        regions.SetAction((result, ct) =>
        {
            var client = endpoint.Client(result);
            return RemoteRun.RunAsync(c => client.RunAsync("cluster-sharding", "regions", json: endpoint.WantsJson(result), ct: c), output, error, ct);
        });
        sharding.Subcommands.Add(regions);
        foreach (var (name, description) in new[]
        {
            ("region-stats", "Per region of TYPE: address | shards: N | entities: M; the coordinator's node marked."),
            ("shard-stats", "Per shard of TYPE: address | shard: S | entities: M."),
        })
        {
            var type = new Option<string>("--type", "-r") { Description = "The entity type name.", Required = true };
            var command = new Command(name, description) { type };
            command.SetAction((result, ct) =>
            {
                var client = endpoint.Client(result);
                var arguments = new Dictionary<string, string> { ["type"] = result.GetValue(type)! };
                return RemoteRun.RunAsync(c => client.RunAsync("cluster-sharding", name, arguments, json: endpoint.WantsJson(result), ct: c), output, error, ct);
            });
            sharding.Subcommands.Add(command);
        }
        return sharding;
    }

    private static Command Simple(EndpointOptions endpoint, TextWriter output, TextWriter error, string name, string description)
    {
        var command = new Command(name, description);
        command.SetAction((result, ct) =>
        {
            var client = endpoint.Client(result);
            return RemoteRun.RunAsync(c => client.RunAsync("cluster", name, json: endpoint.WantsJson(result), ct: c), output, error, ct);
        });
        return command;
    }

    private static Command WithAddress(EndpointOptions endpoint, TextWriter output, TextWriter error, string name, string description)
    {
        var address = new Argument<string>("ADDR") { Description = "A member address: kane.tcp://kane@HOST:PORT or HOST:PORT." };
        var command = new Command(name, description) { address };
        command.SetAction((result, ct) =>
        {
            var client = endpoint.Client(result);
            var arguments = new Dictionary<string, string> { ["address"] = result.GetValue(address)! };
            return RemoteRun.RunAsync(c => client.RunAsync("cluster", name, arguments, json: endpoint.WantsJson(result), ct: c), output, error, ct);
        });
        return command;
    }
}
