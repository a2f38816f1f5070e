using Kane.Cluster.Cmd;
using Kane.Cmd;
using Kane.Cmd.Protocol;

namespace Kane.Cluster.Tests;

/// <summary>The cluster palette through a real management endpoint and client.</summary>
public sealed class ClusterCommandsSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    private static KaneCmdClient Endpoint(Cluster cluster)
    {
        var cmd = KaneCmd.Get(cluster.System).RegisterPalette(ClusterCommands.Palette).Start(CmdSettings.Default with { Port = 0 });
        return new KaneCmdClient("127.0.0.1", cmd.EndPoint!.Port);
    }

    private static async Task<List<CmdFrame>> Run(KaneCmdClient client, string command, bool json = false, params string[] tokens)
    {
        var frames = new List<CmdFrame>();
        await foreach (var f in client.RunAsync("cluster", command, tokens: tokens, json: json)) frames.Add(f);
        return frames;
    }

    [Fact]
    public async Task Cluster_show_prints_one_line_per_member_with_the_leader_marked_and_the_count()
    {
        var (a, b, c) = _nodes.Three();
        var frames = await Run(Endpoint(a), "show");
        var lines = frames.Where(f => f.Type == CmdProtocol.FrameLine).Select(f => f.Text!).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("Count: 3 nodes", lines[^1]);
        foreach (var node in new[] { a, b, c })
            Assert.Contains(lines, l => l.StartsWith($"{node.SelfAddress} | [] | up | reachable | 0.0.0", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("[leader]") && l.StartsWith(a.State.Leader!.ToString(), StringComparison.Ordinal));
        Assert.Equal(0, frames[^1].Exit);
    }

    [Fact]
    public async Task Cluster_show_json_has_members_with_address_roles_lower_case_status_and_reachability()
    {
        var (a, _, c) = _nodes.Three(Nodes.Fast(sbr: false));
        Nodes.Crash(c.System);
        Nodes.Await(() => a.State.Unreachable.Any(), "c unreachable", TimeSpan.FromSeconds(10), a);
        var json = (await Run(Endpoint(a), "show", json: true)).Single(f => f.Type == CmdProtocol.FrameJson).Data!;
        var members = json["members"]!.AsArray();
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("up", (string)m!["status"]!));
        Assert.Equal(c.SelfAddress.ToString(), (string)members.Single(m => !(bool)m!["reachable"]!)!["address"]!);
        Assert.Empty(members[0]!["roles"]!.AsArray());
    }

    [Fact]
    public async Task Cluster_down_unreachable_removes_the_crashed_member_and_a_bad_address_is_a_usage_error()
    {
        var (a, b, c) = _nodes.Three(Nodes.Fast(sbr: false));
        var client = Endpoint(a);
        var bad = await Run(client, "down", false, "not-an-address");
        Assert.Equal(CmdProtocol.FrameError, bad[^1].Type);
        Assert.Contains("HOST:PORT", bad[^1].Message);
        Nodes.Crash(c.System);
        Nodes.Await(() => a.State.Unreachable.Any(), "c unreachable", TimeSpan.FromSeconds(10), a);
        var frames = await Run(client, "down-unreachable");
        Assert.Contains(frames, f => f.Text?.Contains(c.SelfAddress.ToString()) == true);
        Nodes.Await(() => a.State.Members.Count == 2 && b.State.Members.Count == 2, "c removed", TimeSpan.FromSeconds(10), a, b);
    }

    [Fact]
    public async Task Cluster_tail_streams_membership_events_until_the_client_hangs_up()
    {
        var first = _nodes.System();
        var a = _nodes.Start(first, Nodes.Fast(), first.Address);
        Nodes.AwaitUp(1, a);
        var client = Endpoint(a);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        var second = _nodes.System();
        await foreach (var f in client.RunAsync("cluster", "tail", json: false, ct: cts.Token))
        {
            if (f.Text is null) continue;
            seen.Add(f.Text);
            if (seen.Count == 1) _nodes.Start(second, Nodes.Fast(), first.Address);
            if (f.Text.Contains($"member-up {second.Address}", StringComparison.Ordinal)) break; // hang up
        }
        Assert.Contains(seen, l => l.Contains($"member-up {first.Address}", StringComparison.Ordinal));
        Assert.Contains(seen, l => l.Contains($"member-up {second.Address}", StringComparison.Ordinal));
    }
}

/// <summary>The kane command line against a node's endpoint.</summary>
public sealed class KaneClusterCliSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public async Task Kane_cluster_show_prints_the_members_and_kane_cluster_leave_makes_one_leave()
    {
        var (a, b, _) = _nodes.Three();
        var cmd = KaneCmd.Get(a.System).RegisterPalette(ClusterCommands.Palette).Start(CmdSettings.Default with { Port = 0 });
        var port = cmd.EndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await Kane.Cli.KaneCli.RunAsync(["cluster", "show", "--port", port], output, error));
        Assert.Contains("Count: 3 nodes", output.ToString());
        Assert.Contains($"{b.SelfAddress} | [] | up | reachable", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, await Kane.Cli.KaneCli.RunAsync(["cluster", "leave", b.SelfAddress.ToString(), "--port", port], output, error));
        Nodes.Await(() => a.State.Members.Count == 2, "b removed after kane cluster leave", TimeSpan.FromSeconds(15), a);
        Assert.Equal(2, await Kane.Cli.KaneCli.RunAsync(["cluster", "down", "--port", port], new StringWriter(), new StringWriter()));
    }
}
