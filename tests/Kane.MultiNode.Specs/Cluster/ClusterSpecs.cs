using Kane.Actor;
using Kane.Cluster;
using Kane.Pattern;

namespace Kane.MultiNode.Specs.Cluster;

/// <summary>Three nodes join through the seeds and converge on one leader, the lowest address.</summary>
public sealed class JoinAndConvergeSpec() : MultiNodeClusterSpec(new ThreeNodeClusterConfig())
{
    protected override async Task RunAsync()
    {
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        Assert.Equal(GetAddress(Config.First), Cluster.State.Leader);
        Assert.Equal([1, 2, 3], Cluster.State.Members.Select(m => m.UpNumber).Order());
        EnterBarrier("converged");
    }
}

/// <summary>When the leader leaves, it is removed and the next lowest address leads.</summary>
public sealed class LeaderLeavesSpec() : MultiNodeClusterSpec(new ThreeNodeClusterConfig())
{
    protected override async Task RunAsync()
    {
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        Assert.Equal(GetAddress(Config.First), Cluster.State.Leader);
        EnterBarrier("up");
        await RunOnAsync(async () =>
        {
            Cluster.Leave(Cluster.SelfAddress);
            await Cluster.WhenRemoved.WaitAsync(Wait);
        }, Config.First);
        await RunOnAsync(async () =>
        {
            await AwaitAsync(() => Cluster.State.Members.Count == 2 && Cluster.State.Leader == GetAddress(Config.Second), "first removed and second leading");
            Assert.All(Cluster.State.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
        }, Config.Second, Config.Third);
        EnterBarrier("leader-moved");
    }
}

/// <summary>A SIGKILLed node turns unreachable, is downed by keep-majority and removed; the other two keep serving.</summary>
public sealed class CrashedNodeIsDownedSpec() : MultiNodeClusterSpec(new ThreeNodeClusterConfig(splitBrainResolver: true))
{
    protected override async Task RunAsync()
    {
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        RunOn(() => Sys.ActorOf(Props.Create(() => new Echo()), "echo"), Config.Second);
        EnterBarrier("up");
        var third = GetAddress(Config.Third);
        await RunOnAsync(() => TestConductor.Kill(Config.Third), Config.First);
        await RunOnAsync(async () =>
        {
            await AwaitAsync(() => Cluster.State.Unreachable.Any(m => m.Address == third) || Cluster.State.Members.All(m => m.Address != third), "third unreachable");
            await AwaitAsync(() => Cluster.State.Members.Count == 2 && Cluster.State.Members.All(m => m.Status == MemberStatus.Up) && Cluster.State.Unreachable.IsEmpty,
                "third downed and removed");
        }, Config.First, Config.Second);
        EnterBarrier("removed");
        await RunOnAsync(async () =>
        {
            var echo = await Select(Config.Second, "/user/echo").ResolveOne(Wait);
            Assert.Equal("still serving", await echo.Ask<string>("still serving", Wait));
        }, Config.First);
        EnterBarrier("served");
    }
}

/// <summary>Partition {first, second} | {third}: the majority downs the third; the third downs itself.</summary>
public sealed class PartitionSpec() : MultiNodeClusterSpec(new ThreeNodeClusterConfig(splitBrainResolver: true))
{
    protected override async Task RunAsync()
    {
        StartCluster(Config.First, Config.Second);
        await AwaitMembersUp(3);
        EnterBarrier("up");
        await RunOnAsync(async () =>
        {
            await TestConductor.Blackhole(Config.First, Config.Third, Direction.Both);
            await TestConductor.Blackhole(Config.Second, Config.Third, Direction.Both);
        }, Config.First);
        EnterBarrier("partitioned");
        var third = GetAddress(Config.Third);
        await RunOnAsync(() => AwaitAsync(() => Cluster.State.Members.Count == 2 && Cluster.State.Members.All(m => m.Address != third)
            && Cluster.State.Members.All(m => m.Status == MemberStatus.Up) && Cluster.State.Unreachable.IsEmpty, "the majority side without third"),
            Config.First, Config.Second);
        await RunOnAsync(async () =>
        {
            await Cluster.WhenRemoved.WaitAsync(Wait);
            await Sys.WhenTerminated.WaitAsync(Wait); // downed itself: coordinated shutdown ran
        }, Config.Third);
        EnterBarrier("resolved");
    }
}

/// <summary>A killed node restarted on its address rejoins as a new incarnation; the old one is removed.</summary>
public sealed class RestartRejoinSpec() : MultiNodeClusterSpec(new ThreeNodeClusterConfig())
{
    protected override async Task RunAsync()
    {
        var third = GetAddress(Config.Third);
        StartCluster(Config.First, Config.Second);
        if (Incarnation == 1)
        {
            await AwaitMembersUp(3);
            EnterBarrier("up");
            await RunOnAsync(async () =>
            {
                var oldUid = MemberAt(Config.Third).UniqueAddress.Uid;
                await TestConductor.Kill(Config.Third);
                await AwaitAsync(() => Cluster.State.Unreachable.Any(m => m.Address == third), "the killed third unreachable");
                await TestConductor.Start(Config.Third);
                await AwaitAsync(() => Cluster.State.Members.Count == 3 && MemberAt(Config.Third).UniqueAddress.Uid != oldUid
                    && Cluster.State.Members.All(m => m.Status == MemberStatus.Up) && Cluster.State.Unreachable.IsEmpty, "the new incarnation of third Up");
            }, Config.First);
        }
        EnterBarrier("third-restarted");
        await AwaitMembersUp(3);
        EnterBarrier("rejoined");
    }
}

public sealed class ClusterSpecs
{
    [Fact]
    public async Task Three_nodes_join_through_the_seeds_and_converge() => await MultiNodeRunner.RunAsync<JoinAndConvergeSpec>();

    [Fact]
    public async Task The_leader_moves_when_the_leader_leaves() => await MultiNodeRunner.RunAsync<LeaderLeavesSpec>();

    [Fact]
    public async Task A_SIGKILLed_node_is_downed_by_keep_majority_and_removed_while_the_others_keep_serving()
    {
        var result = await MultiNodeRunner.RunAsync<CrashedNodeIsDownedSpec>();
        Assert.Equal(NodeExitKind.Killed, Assert.Single(result.ExitsOf(new RoleName("third"))).Kind);
    }

    [Fact]
    public async Task In_a_partition_the_majority_survives_and_the_minority_downs_itself() => await MultiNodeRunner.RunAsync<PartitionSpec>();

    [Fact]
    public async Task A_restarted_node_rejoins_under_a_new_incarnation() => await MultiNodeRunner.RunAsync<RestartRejoinSpec>();
}
