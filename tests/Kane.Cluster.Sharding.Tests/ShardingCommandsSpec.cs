using Kane.Actor;
using Kane.Cluster.Sharding.Cmd;
using Kane.Cmd;
using Kane.Cmd.Protocol;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>The cluster-sharding palette through a real endpoint, and `kane cluster sharding` through the CLI.</summary>
public sealed class ShardingCommandsSpec : IDisposable
{
    private readonly Nodes _nodes = new();
    private readonly EntitySink _sink = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public async Task Region_stats_list_every_region_with_its_shards_and_entities_and_mark_the_coordinator()
    {
        var (a, b, c) = _nodes.Three();
        var region = ShardingSpec.StartRegion(a, _sink);
        ShardingSpec.StartRegion(b, _sink);
        ShardingSpec.StartRegion(c, _sink);
        await ShardingSpec.AwaitRegions(region, 3);
        for (var i = 0; i < 30; i++) region.Tell(new Hit($"e{i}", 1));
        Nodes.Await(() => _sink.Total >= 30, "30 entities started", TimeSpan.FromSeconds(20), a, b, c);

        var cmd = KaneCmd.Get(a.System).RegisterPalette(ShardingCommands.Palette).Start(CmdSettings.Default with { Port = 0 });
        var port = cmd.EndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var output = new StringWriter();
        Assert.Equal(0, await Kane.Cli.KaneCli.RunAsync(["cluster", "sharding", "region-stats", "-r", "hits", "--port", port], output, new StringWriter()));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Count: 3 regions", lines[^1].TrimEnd());
        var rows = lines[..^1];
        Assert.Equal(30, rows.Sum(l => int.Parse(l.Split("entities: ")[1].Split(' ')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        var oldest = a.State.Members.OrderBy(m => m, MemberAgeOrdering.Instance).First().Address.ToString();
        Assert.Single(rows, l => l.Contains("[coordinator]"));
        Assert.StartsWith(oldest + " | shards: ", rows.Single(l => l.Contains("[coordinator]")));

        output = new StringWriter();
        Assert.Equal(0, await Kane.Cli.KaneCli.RunAsync(["--json", "cluster", "sharding", "shard-stats", "-r", "hits", "--port", port], output, new StringWriter()));
        var json = System.Text.Json.Nodes.JsonNode.Parse(output.ToString())!;
        Assert.Equal(30, json["shards"]!.AsArray().Sum(s => (int)s!["entities"]!));

        output = new StringWriter();
        Assert.Equal(0, await Kane.Cli.KaneCli.RunAsync(["cluster", "sharding", "regions", "--port", port], output, new StringWriter()));
        Assert.StartsWith("hits | regions: 3 | ", output.ToString());

        var error = new StringWriter();
        Assert.Equal(2, await Kane.Cli.KaneCli.RunAsync(["cluster", "sharding", "region-stats", "-r", "nope", "--port", port], new StringWriter(), error));
        Assert.Contains("No region of type 'nope'", error.ToString());
    }
}
