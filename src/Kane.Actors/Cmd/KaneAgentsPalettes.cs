using System.Text.Json;
using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cmd;
using Kane.Pattern;

namespace Kane.Actors.Cmd;

/// <summary>
/// The management palettes of Kane agents: <c>agents</c>, <c>jobs</c> and <c>tasks</c>. They work on every node where
/// <see cref="KaneAgents.Start"/> or <see cref="KaneAgents.StartClient"/> ran (workers and seeds alike).
/// </summary>
public static class KaneAgentsPalettes
{
    /// <summary>The palettes, in the order they are registered.</summary>
    public static IReadOnlyList<CommandPalette> All { get; } = [AgentCommands.Palette, JobCommands.Palette, TaskCommands.Palette];

    /// <summary>Registers <see cref="All"/> on <paramref name="cmd"/>; returns it for chaining.</summary>
    public static KaneCmd RegisterKaneAgentsPalettes(this KaneCmd cmd)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        foreach (var palette in All) cmd.RegisterPalette(palette);
        DomainEventStream.StartRelay(cmd.System);
        return cmd;
    }

    /// <summary>The node's agents facade, or a clear failure when the host never started it.</summary>
    internal static KaneAgents Agents(CommandContext c)
    {
        try
        {
            return KaneAgents.Get(c.System);
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException($"Kane agents do not run on {c.System.Address}: talk to a Kane.Node or Kane.Seed (--port of its management endpoint).");
        }
    }

    /// <summary>Runs a question to the cluster; turns a silent cluster into one line that says where to look.</summary>
    internal static async Task<T> AskAsync<T>(Func<Task<T>> ask, string whom)
    {
        try
        {
            return await ask().ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"{whom} did not answer in time: is a worker node (Kane.Node) up and in the cluster? `kane cluster show` lists the members.");
        }
    }

    /// <summary>A value as JSON the way the agents' wire format writes it (camelCase, enums as kebab-case strings).</summary>
    internal static JsonNode? ToJson<T>(T value) => JsonSerializer.SerializeToNode(value, AgentsWire.Info<T>());

    internal static string Kebab<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
