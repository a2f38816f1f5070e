using System.CommandLine;
using Kane.Cli.Management;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane cluster show|leader|tail|join|leave|down|down-unreachable</c>: pbm's cluster palette, run by the node
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
        return cluster;
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
