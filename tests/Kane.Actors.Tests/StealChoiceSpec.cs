using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

public sealed class StealChoiceSpec
{
    private static PeerQueue Peer(string node, long queued, int slots) => new(new NodeRef(node, 1, $"kane.tcp://kane@{node}/user/kane-node"), queued, slots);

    [Fact]
    public void An_idle_node_picks_the_peer_with_the_largest_queue_per_slot()
    {
        var peers = new[] { Peer("a:1", 40, 4), Peer("b:1", 30, 2), Peer("c:1", 100, 20) };
        Assert.Equal("b:1", StealChoice.PickVictim(0, 4, peers, 2.0)!.Node.Node);
    }

    [Fact]
    public void A_peer_below_the_load_ratio_is_not_a_victim()
    {
        // Own: 10 per slot; the peer has 15 per slot, less than 2 × 10.
        Assert.Null(StealChoice.PickVictim(20, 2, [Peer("a:1", 30, 2)], 2.0));
        Assert.Equal("a:1", StealChoice.PickVictim(20, 2, [Peer("a:1", 40, 2)], 2.0)!.Node.Node);
    }

    [Fact]
    public void A_peer_with_fewer_than_two_queued_tasks_has_nothing_to_give()
    {
        Assert.Null(StealChoice.PickVictim(0, 4, [Peer("a:1", 1, 1), Peer("b:1", 0, 1)], 2.0));
    }

    [Fact]
    public void Ties_go_to_the_lowest_node_name_whatever_the_order()
    {
        var peers = new[] { Peer("b:1", 10, 2), Peer("a:1", 10, 2) };
        Assert.Equal("a:1", StealChoice.PickVictim(0, 2, peers, 2.0)!.Node.Node);
        Assert.Equal("a:1", StealChoice.PickVictim(0, 2, peers.Reverse(), 2.0)!.Node.Node);
    }

    [Theory]
    [InlineData(10, 100, 5)]
    [InlineData(10, 3, 3)]
    [InlineData(1, 8, 0)]
    [InlineData(0, 8, 0)]
    public void A_victim_gives_at_most_half_of_its_not_started_tasks(int queued, int max, int expected) =>
        Assert.Equal(expected, StealChoice.Count(queued, max));

    [Fact]
    public void A_victim_gives_its_lowest_priority_tasks_first()
    {
        var queueInDispatchOrder = new[] { "critical", "high", "normal", "low-2", "low-1", "low-0" };
        Assert.Equal(["low-0", "low-1", "low-2"], StealChoice.Select(queueInDispatchOrder, 10));
        Assert.Equal(["low-0"], StealChoice.Select(queueInDispatchOrder, 1));
    }

    private sealed class Exif : ITaskHandler
    {
        public string TaskType => "exif-read";

        public IReadOnlyCollection<string> Capabilities => ["exif"];

        public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => ValueTask.FromResult(TaskOutcome.Done);
    }

    [Fact]
    public void Only_tasks_any_node_can_run_are_given_to_a_thief()
    {
        var handlers = new TaskHandlerRegistry().Register(new Exif()).Register(new ScriptHandler());
        var plain = new KaneTask("a", ScriptHandler.Type, TaskPriority.Normal, []);
        Assert.True(StealChoice.IsPortable(plain, handlers));
        Assert.False(StealChoice.IsPortable(plain with { Affinity = new TaskAffinity(["fs"], []) }, handlers));
        Assert.False(StealChoice.IsPortable(plain with { Affinity = new TaskAffinity([], ["n:1/0"]) }, handlers));
        Assert.False(StealChoice.IsPortable(plain with { Type = "exif-read" }, handlers));
        Assert.False(StealChoice.IsPortable(plain with { Type = "unknown" }, handlers));
    }
}
