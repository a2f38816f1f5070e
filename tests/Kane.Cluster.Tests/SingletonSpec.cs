using Kane.Actor;
using Kane.Cluster.Singleton;
using Kane.Event;
using Kane.TestKit;

namespace Kane.Cluster.Tests;

/// <summary>Singleton manager and proxy on in-process clusters over TCP: placement, graceful hand-over, crash, buffering.</summary>
public sealed class SingletonSpec : IDisposable
{
    private static readonly ClusterSingletonSettings FastSingleton = ClusterSingletonSettings.Default with { HandOverRetryInterval = TimeSpan.FromMilliseconds(200) };
    private static readonly ClusterSingletonProxySettings FastProxy = ClusterSingletonProxySettings.Default with
    {
        SingletonIdentificationInterval = TimeSpan.FromMilliseconds(200),
        BufferSize = 100_000,
    };

    private readonly Nodes _nodes = new();
    private readonly SingletonSink _sink = new();

    public void Dispose() => _nodes.Dispose();

    private void StartManagers(params Cluster[] clusters)
    {
        foreach (var c in clusters)
        {
            ToolsRegistry.Register(c.System);
            c.System.ActorOf(ClusterSingletonManager.Props(Props.Create(() => new RecordingSingleton(_sink)), new StopSingleton(), FastSingleton), "recorder");
        }
    }

    private static IActorRef Proxy(Cluster c, ClusterSingletonProxySettings? settings = null, string manager = "/user/recorder") =>
        c.System.ActorOf(ClusterSingletonProxy.Props(manager, settings ?? FastProxy), "recorder-proxy");

    /// <summary>The three nodes oldest first (the first seed is not necessarily the oldest: they may come Up together).</summary>
    private static Cluster[] ByAge(params Cluster[] clusters)
    {
        var members = clusters[0].State.Members;
        return [.. clusters.OrderBy(c => members.Single(m => m.Address == c.SelfAddress), MemberAgeOrdering.Instance)];
    }

    private void AwaitReceived(int count, params Cluster[] clusters) =>
        Nodes.Await(() => _sink.Received.Count >= count, $"{count} numbers at the singleton (got {_sink.Received.Count})", TimeSpan.FromSeconds(15), clusters);

    [Fact]
    public void The_singleton_runs_on_the_oldest_member_and_a_proxy_on_another_node_reaches_it()
    {
        var (a, b, c) = _nodes.Three();
        StartManagers(a, b, c);
        var proxy = Proxy(c);
        for (var i = 1; i <= 5; i++) proxy.Tell(new Numbered(i));
        AwaitReceived(5, a, b, c);
        var oldest = a.State.Members.OrderBy(m => m, MemberAgeOrdering.Instance).First().Address;
        Assert.Equal([oldest], _sink.Starts.Select(s => s.Node));
        Assert.Equal([1, 2, 3, 4, 5], _sink.Received);
        Assert.Equal(1, _sink.Running);
    }

    [Fact]
    public async Task On_graceful_leave_the_singleton_moves_to_the_next_oldest_and_a_numbered_stream_through_a_proxy_arrives_exactly_once_in_order()
    {
        var (x, y, z) = _nodes.Three();
        StartManagers(x, y, z);
        var (a, b, c) = ByAge(x, y, z) is [var o, var n, var yn] ? (o, n, yn) : throw new InvalidOperationException();
        var proxy = Proxy(c);
        proxy.Tell(new Numbered(1));
        AwaitReceived(1, a, b, c);
        Assert.Equal(a.SelfAddress, _sink.Starts.Single().Node);

        var sent = 1;
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                proxy.Tell(new Numbered(++sent));
                Thread.Sleep(1);
            }
        });
        a.Leave(a.SelfAddress);
        Nodes.Await(() => _sink.Starts.Count == 2 && b.State.Members.Count == 2 && c.State.Members.Count == 2,
            "the singleton started on b and a removed", TimeSpan.FromSeconds(20), b, c);
        Thread.Sleep(200); // keep streaming for a moment after the move
        stop.Cancel();
        await sender;

        AwaitReceived(sent, b, c);
        Assert.Equal(b.SelfAddress, _sink.Starts.Last().Node);
        Assert.Equal(Enumerable.Range(1, sent), _sink.Received);
        Assert.Equal(1, _sink.MaxConcurrent);
    }

    [Fact]
    public void When_the_oldest_crashes_the_next_oldest_starts_the_singleton_only_after_the_crashed_one_was_removed()
    {
        var (x, y, z) = _nodes.Three();
        StartManagers(x, y, z);
        var (a, b, c) = ByAge(x, y, z) is [var o, var n, var yn] ? (o, n, yn) : throw new InvalidOperationException();
        var proxy = Proxy(c);
        proxy.Tell(new Numbered(1));
        AwaitReceived(1, a, b, c);
        Nodes.Crash(a.System);
        Nodes.Await(() => _sink.Starts.Count == 2, "the singleton restarted elsewhere", TimeSpan.FromSeconds(20), b, c);
        var (node, members) = _sink.Starts.Last();
        Assert.Equal(b.SelfAddress, node);
        Assert.DoesNotContain(a.SelfAddress, members);
        proxy.Tell(new Numbered(2));
        AwaitReceived(2, b, c);
        Assert.Equal([1, 2], _sink.Received);
    }

    [Fact]
    public void A_full_proxy_buffer_drops_the_oldest_message_to_dead_letters_and_delivers_the_rest_in_order()
    {
        var system = _nodes.System();
        var cluster = _nodes.Start(system, Nodes.Fast(), system.Address);
        Nodes.AwaitUp(1, cluster);
        var deadLetters = new TestProbe(system, "dead-letters");
        system.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var proxy = Proxy(cluster, FastProxy with { BufferSize = 3 });
        for (var i = 1; i <= 5; i++) proxy.Tell(new Numbered(i));
        Assert.Equal(new Numbered(1), deadLetters.ExpectMsg<DeadLetter>(d => d.Message is Numbered).Message);
        Assert.Equal(new Numbered(2), deadLetters.ExpectMsg<DeadLetter>(d => d.Message is Numbered).Message);
        StartManagers(cluster);
        AwaitReceived(3, cluster);
        Assert.Equal([3, 4, 5], _sink.Received);
    }

    [Fact]
    public void With_buffering_off_a_message_for_an_unknown_singleton_goes_to_dead_letters()
    {
        var system = _nodes.System();
        var cluster = _nodes.Start(system, Nodes.Fast(), system.Address);
        Nodes.AwaitUp(1, cluster);
        var deadLetters = new TestProbe(system, "dead-letters");
        system.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var proxy = Proxy(cluster, FastProxy with { BufferSize = 0 }, manager: "/user/nobody");
        proxy.Tell(new Numbered(7));
        Assert.Equal(new Numbered(7), deadLetters.ExpectMsg<DeadLetter>(d => d.Message is Numbered).Message);
    }

    [Fact]
    public void Settings_are_read_from_reference_conf_and_validated_with_the_key_named()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), ClusterSingletonSettings.Default.HandOverRetryInterval);
        Assert.Equal(15, ClusterSingletonSettings.Default.MinNumberOfHandOverRetries);
        Assert.Null(ClusterSingletonSettings.Default.Role);
        Assert.Equal(1000, ClusterSingletonProxySettings.Default.BufferSize);
        Assert.Equal(23, ClusterSingletonSettings.Default.HandOverRetries(TimeSpan.FromSeconds(20)));
        var e = Assert.Throws<ArgumentException>(() => ClusterSingletonProxySettings.Default with { BufferSize = -1 } is var s ? s.Validate() : null);
        Assert.Contains("kane.cluster.singleton-proxy.buffer-size", e.Message);
    }
}
