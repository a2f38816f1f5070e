using Kane.Actor;
using Kane.Pattern;
using Kane.Remote.Internal;

namespace Kane.Remote.Tests;

public sealed class LinkFilterSpec : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    private static readonly Address Peer = Address.Parse("kane.tcp://peer@127.0.0.1:4053");
    private readonly RemoteSystems _systems = new();

    public void Dispose() => _systems.Dispose();

    [Fact]
    public void A_blackhole_in_one_direction_leaves_the_other_direction_and_other_addresses_flowing()
    {
        var links = new LinkFilter();
        links.Blackhole(Peer, outbound: true, inbound: false);
        Assert.True(links.RuleFor(Peer).DropOutbound);
        Assert.False(links.RuleFor(Peer).DropInbound);
        Assert.Same(LinkRule.PassThrough, links.RuleFor(Peer with { Port = 4054 }));
    }

    [Fact]
    public void Pass_through_in_both_directions_removes_blackhole_and_throttle()
    {
        var links = new LinkFilter();
        links.Blackhole(Peer, outbound: true, inbound: true);
        links.Throttle(Peer, 1000);
        links.PassThrough(Peer, outbound: true, inbound: false);
        Assert.Equal(new LinkRule(false, true, 0), links.RuleFor(Peer));
        links.PassThrough(Peer, outbound: false, inbound: true);
        Assert.Same(LinkRule.PassThrough, links.RuleFor(Peer));
    }

    [Fact]
    public void A_throttle_paces_the_writer_by_bytes_over_rate_and_rejects_a_rate_that_is_not_positive()
    {
        var links = new LinkFilter();
        links.Throttle(Peer, 1000);
        Assert.Equal(TimeSpan.FromSeconds(2), links.RuleFor(Peer).PaceFor(2000));
        Assert.Equal(TimeSpan.Zero, LinkRule.PassThrough.PaceFor(2000));
        Assert.Throws<ArgumentOutOfRangeException>(() => links.Throttle(Peer, 0));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task An_ask_across_a_blackholed_link_times_out_and_pass_through_restores_it(bool dropOnSender, bool dropOnReceiver)
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait);
        Assert.Equal("before", await echo.Ask<string>("before", Wait));

        if (dropOnSender) a.Transport().Links.Blackhole(b.Address, outbound: true, inbound: false);
        if (dropOnReceiver) b.Transport().Links.Blackhole(a.Address, outbound: false, inbound: true);
        await Assert.ThrowsAsync<AskTimeoutException>(() => echo.Ask<string>("lost", Short));

        a.Transport().Links.PassThrough(b.Address, outbound: true, inbound: true);
        b.Transport().Links.PassThrough(a.Address, outbound: true, inbound: true);
        Assert.Equal("after", await echo.Ask<string>("after", Wait));
    }

    [Fact]
    public async Task Messages_through_a_throttled_link_all_arrive_in_order()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait);
        a.Transport().Links.Throttle(b.Address, 20_000);
        var probe = new TestKit.TestProbe(a);
        for (var i = 0; i < 20; i++) echo.Tell(new Blob(new string('x', 500) + i), probe.Ref);
        for (var i = 0; i < 20; i++) Assert.EndsWith("x" + i, probe.ExpectMsg<Blob>(Wait).Data);
    }
}
