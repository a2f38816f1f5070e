using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.Internal;

/// <summary>What the <see cref="Cluster"/> API asks of the local daemon, and the daemon's own timer ticks.</summary>
internal abstract record ClusterCommand
{
    public sealed record Join(Address Address) : ClusterCommand;

    public sealed record JoinSeedNodes(ImmutableArray<Address> Seeds) : ClusterCommand;

    public sealed record Leave(Address Address) : ClusterCommand;

    public sealed record Down(Address Address) : ClusterCommand;

    public sealed record Subscribe(IActorRef Subscriber, InitialStateMode Mode, Type[] To) : ClusterCommand;

    public sealed record Shutdown : ClusterCommand
    {
        public static readonly Shutdown Instance = new();
    }

    /// <summary>The cluster-exiting phase is over: confirm the exit to the leader.</summary>
    public sealed record ExitingCompleted : ClusterCommand
    {
        public static readonly ExitingCompleted Instance = new();
    }

    public sealed record GossipTick : ClusterCommand
    {
        public static readonly GossipTick Instance = new();
    }

    public sealed record LeaderActionsTick : ClusterCommand
    {
        public static readonly LeaderActionsTick Instance = new();
    }

    public sealed record ReapUnreachableTick : ClusterCommand
    {
        public static readonly ReapUnreachableTick Instance = new();
    }

    public sealed record HeartbeatTick : ClusterCommand
    {
        public static readonly HeartbeatTick Instance = new();
    }

    public sealed record LoadSampleTick : ClusterCommand
    {
        public static readonly LoadSampleTick Instance = new();
    }

    public sealed record SeedTick : ClusterCommand
    {
        public static readonly SeedTick Instance = new();
    }

    public sealed record JoinRetryTick : ClusterCommand
    {
        public static readonly JoinRetryTick Instance = new();
    }

    public sealed record JoinGiveUpTick : ClusterCommand
    {
        public static readonly JoinGiveUpTick Instance = new();
    }
}
