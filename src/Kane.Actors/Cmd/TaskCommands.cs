using System.Globalization;
using System.Text.Json.Nodes;
using Kane.Cmd;
using static Kane.Actors.Cmd.KaneAgentsPalettes;

namespace Kane.Actors.Cmd;

/// <summary><c>kane tasks stats</c>: task counters and latencies per worker node and for the cluster.</summary>
public static class TaskCommands
{
    public static CommandPalette Palette { get; } = new CommandPalette("tasks", "Task throughput and latency across the cluster.")
        .Add(new CommandDefinition("stats", "One line per worker node (agents, queue, counters, rate, latencies, load), then the cluster's totals.", StatsAsync));

    private static async Task<int> StatsAsync(CommandContext c)
    {
        var stats = await AskAsync(() => Agents(c).GetTaskStatsAsync(cancellationToken: c.Cancelled), "The cluster coordinator").ConfigureAwait(false);
        if (c.Json)
        {
            await c.WriteJsonAsync(ToJson(stats)).ConfigureAwait(false);
            return 0;
        }
        foreach (var line in Describe(stats)) await c.WriteLineAsync(line).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The stats as <c>kane tasks stats</c> prints them.</summary>
    public static IEnumerable<string> Describe(TaskStats s)
    {
        foreach (var n in s.Nodes.OrderBy(n => n.Node, StringComparer.Ordinal))
        {
            yield return $"{n.Node} | {(n.Reachable ? "reachable" : "unreachable")} | agents: {n.Agents} | slots: {n.Slots} | queued: {n.Queued} | running: {n.Running} | " +
                $"completed: {n.Completed} | failed: {n.Failed} | retried: {n.Retried} | stolen in/out: {n.StolenIn}/{n.StolenOut} | {F(n.TasksPerSecond)} tasks/s | " +
                $"latency p50/p95/p99: {F(n.LatencyP50Ms)}/{F(n.LatencyP95Ms)}/{F(n.LatencyP99Ms)} ms | queue-to-start p50/p99: {F(n.QueueToStartP50Ms)}/{F(n.QueueToStartP99Ms)} ms | load: {n.LoadScore.ToString("0.00", CultureInfo.InvariantCulture)}";
        }
        yield return $"Cluster: {Kebab(s.Status)} | nodes: {s.Nodes.Count} | global queue: {s.GlobalQueue} | completed: {s.Completed} | failed: {s.Failed} | {F(s.TasksPerSecond)} tasks/s";
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
