using System.CommandLine;
using Kane.Cli.Management;

namespace Kane.Cli.Commands;

/// <summary><c>kane actor hierarchy [-s PATH] [-d N]</c>: the actor tree of the node at --host:--port.</summary>
internal static class ActorCommands
{
    public static Command Create(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var start = new Option<string?>("--start", "-s") { Description = "The actor to start from, e.g. /user/jobs (default: the root)." };
        var depth = new Option<int?>("--depth", "-d") { Description = "Levels below the start to show; 0 shows all (the default)." };
        var hierarchy = new Command("hierarchy", "Print the actor tree of the node.") { start, depth };
        hierarchy.SetAction((result, ct) =>
        {
            var arguments = new Dictionary<string, string>();
            if (result.GetValue(start) is { } s) arguments["start"] = s;
            if (result.GetValue(depth) is { } d) arguments["depth"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var client = endpoint.Client(result);
            return RemoteRun.RunAsync(c => client.RunAsync("actor", "hierarchy", arguments, json: endpoint.WantsJson(result), ct: c), output, error, ct);
        });
        return new Command("actor", "Inspect the actors of a node (palette 'actor').") { hierarchy };
    }
}
