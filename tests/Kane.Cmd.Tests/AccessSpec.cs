using Kane.Cmd.Internal;
using Kane.Cmd.Protocol;

namespace Kane.Cmd.Tests;

public sealed class AccessSpec
{
    private static readonly CommandDefinition Change = new("down", "", _ => Task.FromResult(0)) { ChangesCluster = true };
    private static readonly CommandDefinition Read = new("show", "", _ => Task.FromResult(0));

    [Fact]
    public async Task With_a_token_configured_a_command_that_changes_the_cluster_needs_exactly_that_token()
    {
        await using var node = new TestNode(s => s with { AccessToken = TestNode.Token });
        var missing = Assert.Single(await TestNode.Collect(node.Client().RunAsync("test", "change")));
        Assert.Equal(CmdProtocol.ErrorUnauthorized, missing.Code);
        Assert.Contains("--token", missing.Message);
        var wrong = Assert.Single(await TestNode.Collect(node.Client("wrong-token").RunAsync("test", "change")));
        Assert.Equal(CmdProtocol.ErrorUnauthorized, wrong.Code);
        Assert.Contains("wrong", wrong.Message);
        var right = await TestNode.Collect(node.Client(TestNode.Token).RunAsync("test", "change"));
        Assert.Equal(["changed"], right.Where(f => f.Type == "line").Select(f => f.Text));
        Assert.Equal(0, right[^1].Exit);
    }

    [Fact]
    public async Task Read_only_commands_need_no_token_even_when_one_is_configured()
    {
        await using var node = new TestNode(s => s with { AccessToken = TestNode.Token });
        var frames = await node.RunAsync("test", "echo", "free");
        Assert.Equal("free", frames[0].Text);
    }

    [Fact]
    public async Task Without_a_token_a_loopback_endpoint_runs_commands_that_change_the_cluster()
    {
        await using var node = new TestNode();
        Assert.Equal("changed", (await node.RunAsync("test", "change"))[0].Text);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("::")]
    public void Without_a_token_a_reachable_endpoint_refuses_commands_that_change_the_cluster(string host)
    {
        var settings = CmdSettings.Default with { Host = host };
        var refusal = AccessPolicy.Check(settings, "cluster", Change, token: null);
        Assert.NotNull(refusal);
        Assert.Contains("kane.cmd.access-token", refusal);
        Assert.Null(AccessPolicy.Check(settings, "cluster", Read, token: null));
        Assert.Null(AccessPolicy.Check(settings with { AccessToken = TestNode.Token }, "cluster", Change, TestNode.Token));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void Loopback_hosts_count_as_loopback(string host) => Assert.True((CmdSettings.Default with { Host = host }).IsLoopback);
}
