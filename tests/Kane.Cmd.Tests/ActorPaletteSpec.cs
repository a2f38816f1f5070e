using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Cmd.Protocol;

namespace Kane.Cmd.Tests;

public sealed class ActorPaletteSpec : IAsyncLifetime
{
    private sealed class Parent : ReceiveActor
    {
        public Parent(int levels, int width)
        {
            for (var i = 0; levels > 0 && i < width; i++) Context.ActorOf(Props.Create(() => new Parent(levels - 1, 1)), $"c{i}");
            ReceiveAny(_ => Sender.Tell("ready"));
        }
    }

    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = new TestNode();
        // /user/jobs/{c0,c1}/c0/c0: a parent with two children, each with a line of two descendants.
        var jobs = _node.System.ActorOf(Props.Create(() => new Parent(3, 2)), "jobs");
        await Kane.Pattern.AskExtensions.Ask<string>(jobs, "ready?", TimeSpan.FromSeconds(10));
        // Children are created in the constructor, so they exist once the parent answers; grandchildren once theirs have started.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Kane.Cmd.Palettes.ActorHierarchy.Find(_node.System, "/user/jobs/c1/c0/c0") is null) await Task.Delay(10, deadline.Token);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static string Text(List<CmdFrame> frames) => string.Join('\n', frames.Where(f => f.Type == "line").Select(f => f.Text));

    [Fact]
    public async Task Hierarchy_from_a_path_prints_the_whole_subtree_as_a_tree_with_a_count()
    {
        var frames = await _node.RunAsync("actor", "hierarchy", "-s", "/user/jobs");
        Assert.Equal(0, frames[^1].Exit);
        Assert.Equal(
            """
            kane://cmdspec/user/jobs
            ├── c0
            │   └── c0
            │       └── c0
            └── c1
                └── c0
                    └── c0
            Count: 7 actors
            """.ReplaceLineEndings("\n"), Text(frames));
    }

    [Fact]
    public async Task The_depth_limit_cuts_the_tree_and_says_how_many_children_are_not_shown()
    {
        var frames = await _node.RunAsync("actor", "hierarchy", "/user/jobs", "-d", "1");
        Assert.Equal(
            """
            kane://cmdspec/user/jobs
            ├── c0  (+1 not shown)
            └── c1  (+1 not shown)
            Count: 3 actors
            """.ReplaceLineEndings("\n"), Text(frames));
    }

    [Fact]
    public async Task The_whole_tree_starts_at_the_root_and_holds_the_user_and_system_guardians()
    {
        var text = Text(await _node.RunAsync("actor", "hierarchy", "--depth=1"));
        var lines = text.Split('\n');
        Assert.Equal("kane://cmdspec/", lines[0]);
        Assert.Contains(lines, l => l.EndsWith("── user  (+1 not shown)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("── system", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_output_is_one_object_with_the_nested_tree()
    {
        var frames = await TestNode.Collect(_node.Client().RunAsync("actor", "hierarchy", tokens: ["-s", "/user/jobs", "-d", "2"], json: true));
        Assert.Equal(["json", "end"], frames.Select(f => f.Type));
        var data = frames[0].Data!.AsObject();
        Assert.Equal("kane://cmdspec", (string?)data["system"]);
        Assert.Equal(2, (int?)data["depth"]);
        Assert.Equal(5, (int?)data["actors"]);
        Assert.False((bool?)data["capped"]);
        var root = data["root"]!.AsObject();
        Assert.Equal("kane://cmdspec/user/jobs", (string?)root["path"]);
        var c0 = root["children"]!.AsArray()[0]!.AsObject();
        Assert.Equal("c0", (string?)c0["name"]);
        var grandchild = c0["children"]!.AsArray().Single()!.AsObject();
        Assert.Equal("kane://cmdspec/user/jobs/c0/c0", (string?)grandchild["path"]);
        Assert.Equal(1, (int?)grandchild["hiddenChildren"]);
        Assert.Empty(grandchild["children"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_start_path_fails_with_exit_code_1_and_says_so()
    {
        var frames = await _node.RunAsync("actor", "hierarchy", "-s", "/user/nobody");
        Assert.Equal("No actor at /user/nobody on kane://cmdspec.", frames[0].Text);
        Assert.Equal(1, frames[^1].Exit);
    }

    [Fact]
    public async Task A_negative_or_non_numeric_depth_is_a_usage_error()
    {
        Assert.Equal(CmdProtocol.ErrorUsage, Assert.Single(await _node.RunAsync("actor", "hierarchy", "-d", "-1")).Code);
        Assert.Equal(CmdProtocol.ErrorUsage, Assert.Single(await _node.RunAsync("actor", "hierarchy", "-d", "deep")).Code);
    }

    [Fact]
    public void The_size_cap_cuts_a_large_tree_and_counts_what_it_left_out()
    {
        var start = Kane.Cmd.Palettes.ActorHierarchy.Find(_node.System, "/user/jobs")!;
        var (root, actors) = Kane.Cmd.Palettes.ActorHierarchy.Walk(start, depth: 0, maxActors: 3);
        Assert.Equal(3, actors);
        var json = Kane.Cmd.Palettes.ActorHierarchy.ToJson(root).ToJsonString();
        Assert.Equal(3, JsonNode.Parse(json)!.ToJsonString().Split("\"path\"").Length - 1);
        // c0/c0/c0 under the last listed actor, and c1 (its subtree unvisited) under the start.
        Assert.Equal(2, Hidden(root));
    }

    private static int Hidden(Kane.Cmd.Palettes.HierarchyNode node) => node.HiddenChildren + node.Children.Sum(Hidden);
}
