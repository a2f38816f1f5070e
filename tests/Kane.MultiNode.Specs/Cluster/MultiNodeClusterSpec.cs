using Kane.Actor;
using Kane.Cluster;

namespace Kane.MultiNode.Specs.Cluster;

/// <summary>Three roles; the split brain resolver only when asked for (partition and crash specs).</summary>
public class ThreeNodeClusterConfig : MultiNodeConfig
{
    public ThreeNodeClusterConfig(bool splitBrainResolver = false)
    {
        First = Role("first");
        Second = Role("second");
        Third = Role("third");
        if (splitBrainResolver) CommonConfig = "kane.cluster.downing-provider = split-brain-resolver";
    }

    public RoleName First { get; }

    public RoleName Second { get; }

    public RoleName Third { get; }
}

/// <summary>Cluster helpers for multi-node specs: start the node's cluster with the first roles as seeds, await states.</summary>
public abstract class MultiNodeClusterSpec(ThreeNodeClusterConfig config) : MultiNodeSpec(config)
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(25);

    protected ThreeNodeClusterConfig Config { get; } = config;

    protected Kane.Cluster.Cluster Cluster => Kane.Cluster.Cluster.Get(Sys);

    /// <summary>Starts this node's membership, joining through <paramref name="seeds"/> (the first forms the cluster).</summary>
    protected Kane.Cluster.Cluster StartCluster(params RoleName[] seeds) =>
        Sys.StartCluster(ClusterSettings.FromConfig(Sys.Settings.Config) with { SeedNodes = [.. seeds.Select(GetAddress)] });

    protected Task AwaitMembersUp(int count) =>
        AwaitAsync(() => Cluster.State.Members.Count == count && Cluster.State.Members.All(m => m.Status == MemberStatus.Up) && Cluster.State.Unreachable.IsEmpty,
            $"{count} members Up and all reachable");

    protected async Task AwaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Wait);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Myself}: timed out waiting for {what}. State: {Describe(Cluster.State)}");
            await Task.Delay(25);
        }
    }

    protected Member MemberAt(RoleName role) => Cluster.State.Members.Single(m => m.Address == GetAddress(role));

    protected static string Describe(CurrentClusterState s) =>
        $"members [{string.Join(", ", s.Members.Select(m => $"{m.Address.Host}#{m.UniqueAddress.Uid % 1000}:{m.Status}"))}], " +
        $"unreachable [{string.Join(", ", s.Unreachable.Select(m => m.Address.Host))}], leader {s.Leader?.Host}";
}
