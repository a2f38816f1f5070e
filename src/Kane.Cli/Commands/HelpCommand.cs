using System.CommandLine;
using System.Text.Json.Nodes;
using Kane.Cli.Management;
using Kane.Cmd.Protocol;

namespace Kane.Cli.Commands;

/// <summary><c>kane help [PALETTE]</c>: the palettes and commands the node at --host:--port serves.</summary>
internal static class HelpCommand
{
    public static Command Create(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var palette = new Argument<string?>("PALETTE") { Description = "Show only this palette.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("help", "List the palettes and commands the node serves (they may include more than this client knows).") { palette };
        command.SetAction(async (result, ct) =>
        {
            var palettes = await RemoteRun.DescribeAsync(endpoint.Client(result), error, ct).ConfigureAwait(false);
            if (palettes is null) return RemoteRun.Failed;
            var only = result.GetValue(palette);
            var shown = palettes.Where(p => only is null || p.Name == only).ToList();
            if (shown.Count == 0)
            {
                await error.WriteLineAsync($"kane: the node has no palette '{only}'. Palettes: {string.Join(", ", palettes.Select(p => p.Name))}.").ConfigureAwait(false);
                return RemoteRun.Usage;
            }
            if (endpoint.WantsJson(result)) await output.WriteLineAsync(ToJson(shown).ToJsonString()).ConfigureAwait(false);
            else foreach (var line in Render(shown)) await output.WriteLineAsync(line).ConfigureAwait(false);
            return RemoteRun.Ok;
        });
        return command;
    }

    private static IEnumerable<string> Render(IEnumerable<PaletteInfo> palettes)
    {
        foreach (var p in palettes)
        {
            yield return $"{p.Name}: {p.Description}";
            foreach (var c in p.Commands)
            {
                var marks = (c.ChangesCluster ? " [changes the cluster: needs the token]" : "") + (c.Streaming ? " [streams until Ctrl-C]" : "");
                yield return $"  kane {p.Name} {Usage(c)}";
                yield return $"      {c.Description}{marks}";
                foreach (var a in c.Arguments)
                    yield return $"      {string.Join(", ", a.Switches.Append("--" + a.Name))}: {a.Description}{(a.Mandatory ? " (required)" : "")}{(a.Default is null ? "" : $" (default: {a.Default})")}";
            }
        }
    }

    private static string Usage(CommandInfo c) => string.Join(' ', c.Arguments.Select(a =>
    {
        var text = a.Flag ? "--" + a.Name : a.Positional ? a.Name.ToUpperInvariant() : $"--{a.Name} {a.Name.ToUpperInvariant()}";
        return a.Mandatory ? text : $"[{text}]";
    }).Prepend(c.Name));

    private static JsonArray ToJson(IEnumerable<PaletteInfo> palettes) => new([.. palettes.Select(p => (JsonNode)new JsonObject
    {
        ["name"] = p.Name,
        ["description"] = p.Description,
        ["commands"] = new JsonArray([.. p.Commands.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["description"] = c.Description,
            ["changesCluster"] = c.ChangesCluster,
            ["streaming"] = c.Streaming,
            ["arguments"] = new JsonArray([.. c.Arguments.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["description"] = a.Description,
                ["switches"] = new JsonArray([.. a.Switches.Select(s => (JsonNode)s)]),
                ["mandatory"] = a.Mandatory,
                ["default"] = a.Default,
                ["flag"] = a.Flag,
                ["positional"] = a.Positional,
            })]),
        })]),
    })]);
}
