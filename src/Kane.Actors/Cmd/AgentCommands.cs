using System.Globalization;
using System.Text.Json.Nodes;
using Kane.Cmd;
using static Kane.Actors.Cmd.KaneAgentsPalettes;

namespace Kane.Actors.Cmd;

/// <summary>
/// <c>kane agents list|show ID|pause ID|resume ID|stop ID|events</c>. Pause, resume and stop change the cluster and
/// need the access token rules of <c>kane.cmd</c>.
/// </summary>
public static class AgentCommands
{
    public static CommandPalette Palette { get; } = new CommandPalette("agents", "Inspect and steer the Kane agents of the cluster.")
        .Add(new CommandDefinition("list", "One line per agent: id | node | status | running/slots | completed | failed | avg ms | breaker | capabilities.", ListAsync))
        .Add(new CommandDefinition("show", "One agent in detail.", ShowAsync) { Arguments = [IdArgument] })
        .Add(new CommandDefinition("pause", "The agent takes no new tasks; running ones finish.", c => ChangeAsync(c, id => new PauseAgent(id), "paused")) { Arguments = [IdArgument], ChangesCluster = true })
        .Add(new CommandDefinition("resume", "A paused or stopped agent takes tasks again.", c => ChangeAsync(c, id => new ResumeAgent(id), "resumed")) { Arguments = [IdArgument], ChangesCluster = true })
        .Add(new CommandDefinition("stop", "The agent takes no tasks and cancels its running ones (they run elsewhere); resume brings it back.", c => ChangeAsync(c, id => new StopAgent(id), "stopped")) { Arguments = [IdArgument], ChangesCluster = true })
        .Add(new CommandDefinition("events", "Stream agent and task events (added, paused, task started/completed/failed/retried/stolen, breaker) of every worker until interrupted.", DomainEventStream.RunAsync) { Streaming = true });

    private static CommandArgument IdArgument => new("id", "An agent id, HOST:PORT/N as `kane agents list` shows it.") { Mandatory = true, Positional = true };

    private static async Task<int> ListAsync(CommandContext c)
    {
        var agents = await AskAsync(() => Agents(c).ListAgentsAsync(cancellationToken: c.Cancelled), "The cluster coordinator").ConfigureAwait(false);
        var rows = agents.OrderBy(a => a.Node, StringComparer.Ordinal).ThenBy(a => AgentNumber(a.AgentId)).ToList();
        if (c.Json)
        {
            await c.WriteJsonAsync(new JsonObject { ["count"] = rows.Count, ["agents"] = new JsonArray([.. rows.Select(ToJson)]) }).ConfigureAwait(false);
            return 0;
        }
        foreach (var a in rows) await c.WriteLineAsync(Row(a)).ConfigureAwait(false);
        await c.WriteLineAsync($"Count: {rows.Count} agents").ConfigureAwait(false);
        return 0;
    }

    /// <summary>One agent as a table row.</summary>
    public static string Row(AgentInfo a) =>
        $"{a.AgentId} | {a.Node} | {Kebab(a.Status)} | running: {a.Running}/{a.Slots} | completed: {a.Metrics.Completed} | failed: {a.Metrics.Failed} | " +
        $"avg: {a.Metrics.AverageMs.ToString("0.#", CultureInfo.InvariantCulture)} ms | breaker: {a.Breaker} | [{string.Join(",", a.Capabilities)}]";

    private static async Task<int> ShowAsync(CommandContext c)
    {
        var id = await ExistingAgentAsync(c).ConfigureAwait(false);
        var agent = await AskAsync(() => Agents(c).AskAgentAsync(new GetAgent(id), cancellationToken: c.Cancelled), $"Agent {id}").ConfigureAwait(false)
            ?? throw NotFound(id);
        if (c.Json)
        {
            await c.WriteJsonAsync(ToJson(agent)).ConfigureAwait(false);
            return 0;
        }
        foreach (var line in Describe(agent)) await c.WriteLineAsync(line).ConfigureAwait(false);
        return 0;
    }

    /// <summary>An agent as <c>kane agents show</c> prints it: one "key: value" line each.</summary>
    public static IEnumerable<string> Describe(AgentInfo a)
    {
        var m = a.Metrics;
        yield return $"Agent: {a.AgentId}";
        yield return $"Node: {a.Node}";
        yield return $"Status: {Kebab(a.Status)}";
        yield return $"Capabilities: [{string.Join(",", a.Capabilities)}]";
        yield return $"Running: {a.Running}/{a.Slots} (load {m.Load.ToString("0.##", CultureInfo.InvariantCulture)})";
        yield return $"Completed: {m.Completed} | failed: {m.Failed} | retried: {m.Retried}";
        yield return $"Average: {m.AverageMs.ToString("0.#", CultureInfo.InvariantCulture)} ms per task";
        yield return $"Breaker: {a.Breaker}";
    }

    private static async Task<int> ChangeAsync(CommandContext c, Func<string, object> command, string done)
    {
        var id = await ExistingAgentAsync(c).ConfigureAwait(false);
        var agent = await AskAsync(() => Agents(c).AskAgentAsync(command(id), cancellationToken: c.Cancelled), $"Agent {id}").ConfigureAwait(false)
            ?? throw NotFound(id);
        if (c.Json) await c.WriteJsonAsync(ToJson(agent)).ConfigureAwait(false);
        else await c.WriteLineAsync($"Agent {agent.AgentId} {done}: status {Kebab(agent.Status)}, running {agent.Running}/{agent.Slots}").ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The id argument when the cluster knows such an agent. Checked against the coordinator's list before any
    /// message reaches the agent region, so a typo starts no entity and changes nothing.
    /// </summary>
    private static async Task<string> ExistingAgentAsync(CommandContext c)
    {
        var id = c.Get("id")!;
        if (!id.Contains('/', StringComparison.Ordinal))
            throw new CommandUsageException($"'{id}' is not an agent id: agent ids are HOST:PORT/N, as `kane agents list` shows them.");
        var agents = await AskAsync(() => Agents(c).ListAgentsAsync(cancellationToken: c.Cancelled), "The cluster coordinator").ConfigureAwait(false);
        return agents.Any(a => a.AgentId == id) ? id : throw NotFound(id);
    }

    private static CommandUsageException NotFound(string id) =>
        new($"No agent '{id}' in the cluster: `kane agents list` lists the agents.");

    private static int AgentNumber(string agentId) =>
        int.TryParse(agentId.AsSpan(agentId.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}
