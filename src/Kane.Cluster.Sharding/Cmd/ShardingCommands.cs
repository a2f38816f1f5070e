using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Cmd;
using Kane.Pattern;

namespace Kane.Cluster.Sharding.Cmd;

/// <summary>
/// The <c>cluster-sharding</c> palette (pbm's cluster-sharding commands): <c>regions</c>, <c>region-stats -r TYPE</c>
/// and <c>shard-stats -r TYPE</c>, answered from the regions of the node the client talks to. The CLI spells them
/// <c>kane cluster sharding ...</c>.
/// </summary>
public static class ShardingCommands
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static CommandPalette Palette { get; } = new CommandPalette("cluster-sharding", "Inspect cluster sharding: regions, shards and entities.")
        .Add(new CommandDefinition("regions", "The entity types with a region on this node and the addresses of all their regions.", RegionsAsync))
        .Add(new CommandDefinition("region-stats", "Per region of TYPE: address | shards: N | entities: M; the coordinator's node marked.", RegionStatsAsync)
        {
            Arguments = [TypeArgument],
        })
        .Add(new CommandDefinition("shard-stats", "Per shard of TYPE: address | shard: S | entities: M.", ShardStatsAsync)
        {
            Arguments = [TypeArgument],
        });

    private static CommandArgument TypeArgument => new("type", "The entity type name given to ClusterSharding.Start.") { Switches = ["-r"], Mandatory = true };

    private static async Task<int> RegionsAsync(CommandContext c)
    {
        var sharding = ClusterSharding.Get(c.System);
        var types = sharding.ShardTypeNames.Order(StringComparer.Ordinal).ToList();
        var result = new JsonObject();
        foreach (var type in types)
        {
            var regions = await sharding.ShardRegion(type).Ask<CurrentRegions>(new GetCurrentRegions(), AskTimeout, c.Cancelled).ConfigureAwait(false);
            var addresses = regions.Addresses.Order(StringComparer.Ordinal).ToList();
            if (c.Json) result[type] = new JsonArray([.. addresses.Select(a => (JsonNode)JsonValue.Create(a))]);
            else await c.WriteLineAsync($"{type} | regions: {addresses.Count} | {string.Join(", ", addresses)}").ConfigureAwait(false);
        }
        if (c.Json) await c.WriteJsonAsync(new JsonObject { ["types"] = result }).ConfigureAwait(false);
        else await c.WriteLineAsync($"Count: {types.Count} types").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RegionStatsAsync(CommandContext c)
    {
        var (type, stats) = await ClusterStats(c).ConfigureAwait(false);
        var coordinator = CoordinatorNode(c.System);
        var rows = stats.Regions.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (c.Json)
        {
            await c.WriteJsonAsync(new JsonObject
            {
                ["type"] = type,
                ["coordinator"] = coordinator,
                ["regions"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["address"] = r.Key,
                    ["shards"] = r.Value.Stats.Count,
                    ["entities"] = r.Value.Stats.Values.Sum(),
                    ["coordinator"] = r.Key == coordinator,
                })]),
            }).ConfigureAwait(false);
            return 0;
        }
        foreach (var (address, s) in rows)
            await c.WriteLineAsync($"{address} | shards: {s.Stats.Count} | entities: {s.Stats.Values.Sum()}{(address == coordinator ? " [coordinator]" : "")}").ConfigureAwait(false);
        await c.WriteLineAsync($"Count: {rows.Count} regions").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ShardStatsAsync(CommandContext c)
    {
        var (type, stats) = await ClusterStats(c).ConfigureAwait(false);
        var rows = stats.Regions.SelectMany(r => r.Value.Stats.Select(s => (Address: r.Key, Shard: s.Key, Entities: s.Value)))
            .OrderBy(r => r.Address, StringComparer.Ordinal).ThenBy(r => r.Shard, StringComparer.Ordinal).ToList();
        if (c.Json)
        {
            await c.WriteJsonAsync(new JsonObject
            {
                ["type"] = type,
                ["shards"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject { ["address"] = r.Address, ["shard"] = r.Shard, ["entities"] = r.Entities })]),
            }).ConfigureAwait(false);
            return 0;
        }
        foreach (var r in rows) await c.WriteLineAsync($"{r.Address} | shard: {r.Shard} | entities: {r.Entities}").ConfigureAwait(false);
        await c.WriteLineAsync($"Count: {rows.Count} shards").ConfigureAwait(false);
        return 0;
    }

    private static async Task<(string Type, ClusterShardingStats Stats)> ClusterStats(CommandContext c)
    {
        var type = c.Get("type")!;
        var sharding = ClusterSharding.Get(c.System);
        if (!sharding.ShardTypeNames.Contains(type, StringComparer.Ordinal))
            throw new CommandUsageException($"No region of type '{type}' runs on {c.System.Address}; `kane cluster sharding regions` lists the types.");
        var stats = await sharding.ShardRegion(type).Ask<ClusterShardingStats>(new GetClusterShardingStats(AskTimeout), AskTimeout * 2, c.Cancelled).ConfigureAwait(false);
        return (type, stats);
    }

    /// <summary>The coordinator runs as a singleton on the oldest Up member with the sharding role.</summary>
    private static string? CoordinatorNode(ActorSystem system)
    {
        var role = ClusterShardingSettings.FromConfig(system.Settings.Config).Role;
        return Cluster.Get(system).State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && (role is null || m.HasRole(role)))
            .OrderBy(m => m, MemberAgeOrdering.Instance)
            .FirstOrDefault()?.Address.ToString();
    }
}
