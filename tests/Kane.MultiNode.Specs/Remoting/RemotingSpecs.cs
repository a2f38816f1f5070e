namespace Kane.MultiNode.Specs.Remoting;

public sealed class RemotingSpecs
{
    private static readonly RoleName First = new("first"), Second = new("second"), Third = new("third");

    [Fact]
    public async Task Three_roles_on_their_own_loopback_addresses_ask_each_other_across_processes_and_pass_barriers()
    {
        var result = await MultiNodeRunner.RunAsync<ThreeNodesExchangeSpec>();
        Assert.Equal([First, Second, Third], result.Exits.Select(e => e.Role).Order(Comparer<RoleName>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
        Assert.All(result.Exits, e => Assert.Equal(NodeExitKind.Finished, e.Kind));
    }

    [Fact]
    public async Task A_blackhole_makes_an_ask_time_out_and_pass_through_restores_it()
    {
        var result = await MultiNodeRunner.RunAsync<BlackholeSpec>();
        Assert.All(result.Exits, e => Assert.Equal(NodeExitKind.Finished, e.Kind));
    }

    [Fact]
    public async Task A_killed_role_is_Terminated_for_its_watchers_and_its_restarted_incarnation_answers()
    {
        var result = await MultiNodeRunner.RunAsync<KillAndRestartSpec>();
        Assert.Equal(
            [new NodeExit(Second, 1, 137, NodeExitKind.Killed), new NodeExit(Second, 2, 0, NodeExitKind.Finished)],
            result.ExitsOf(Second));
        Assert.Equal(NodeExitKind.Finished, Assert.Single(result.ExitsOf(First)).Kind);
    }

    [Fact]
    public async Task A_role_told_to_exit_with_code_3_exits_with_3_and_the_spec_passes()
    {
        var result = await MultiNodeRunner.RunAsync<ExitSpec>();
        Assert.Equal(new NodeExit(Third, 1, 3, NodeExitKind.Exited), Assert.Single(result.ExitsOf(Third)));
        Assert.Equal(NodeExitKind.Finished, Assert.Single(result.ExitsOf(First)).Kind);
        Assert.Equal(NodeExitKind.Finished, Assert.Single(result.ExitsOf(Second)).Kind);
    }
}
