using System.Text.Json.Nodes;

namespace Kane.Cmd.Palettes;

/// <summary>The built-in <c>actor</c> palette: <c>actor hierarchy [-s PATH] [-d N]</c>.</summary>
internal static class ActorPalette
{
    public static CommandPalette Create() =>
        new CommandPalette("actor", "Inspect the actors of this node.")
            .Add(new CommandDefinition("hierarchy", "Print the actor tree of this node.", HierarchyAsync)
            {
                Arguments =
                [
                    new CommandArgument("start", "The actor to start from, e.g. /user/jobs.") { Switches = ["-s"], Default = "/", Positional = true },
                    new CommandArgument("depth", "Levels below the start to show; 0 shows all.") { Switches = ["-d"], Default = "0" },
                ],
            });

    private static async Task<int> HierarchyAsync(CommandContext context)
    {
        var depth = context.GetInt("depth");
        if (depth < 0) throw new CommandUsageException($"--depth must be 0 (all) or more, not {depth}.");
        var path = context.Get("start")!;
        var start = ActorHierarchy.Find(context.System, path);
        if (start is null)
        {
            if (context.Json) await context.WriteJsonAsync(new JsonObject { ["error"] = $"no actor at {path}" }).ConfigureAwait(false);
            else await context.WriteLineAsync($"No actor at {path} on {context.System.Address}.").ConfigureAwait(false);
            return 1;
        }
        var (root, actors) = ActorHierarchy.Walk(start, depth);
        var capped = actors >= ActorHierarchy.MaxActors;
        if (context.Json)
        {
            await context.WriteJsonAsync(new JsonObject
            {
                ["system"] = context.System.Address.ToString(),
                ["depth"] = depth,
                ["actors"] = actors,
                ["capped"] = capped,
                ["root"] = ActorHierarchy.ToJson(root),
            }).ConfigureAwait(false);
            return 0;
        }
        // One frame for the whole tree: thousands of one-line frames would cost a flush each.
        await context.WriteLineAsync(string.Join('\n', ActorHierarchy.Render(root))).ConfigureAwait(false);
        await context.WriteLineAsync(capped ? $"Count: {actors} actors (the first {ActorHierarchy.MaxActors} only)" : $"Count: {actors} actors").ConfigureAwait(false);
        return 0;
    }
}
