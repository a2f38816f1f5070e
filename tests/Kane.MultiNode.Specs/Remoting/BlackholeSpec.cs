using Kane.Actor;
using Kane.Pattern;

namespace Kane.MultiNode.Specs.Remoting;

public sealed class TwoNodesConfig : MultiNodeConfig
{
    public TwoNodesConfig()
    {
        First = Role("first");
        Second = Role("second");
    }

    public RoleName First { get; }

    public RoleName Second { get; }
}

/// <summary>A blackhole between two processes makes an ask time out; pass-through restores it; a throttled link still delivers.</summary>
public sealed class BlackholeSpec : MultiNodeSpec
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TwoNodesConfig _config;

    public BlackholeSpec() : this(new TwoNodesConfig()) { }

    private BlackholeSpec(TwoNodesConfig config) : base(config) => _config = config;

    protected override async Task RunAsync()
    {
        var (first, second) = (_config.First, _config.Second);
        RunOn(() => Sys.ActorOf(Props.Create(() => new Echo()), "echo"), second);
        EnterBarrier("echo-started");
        await RunOnAsync(async () =>
        {
            var echo = await Select(second, "/user/echo").ResolveOne(Wait);
            Assert.Equal("before", await echo.Ask<string>("before", Wait));

            await TestConductor.Blackhole(first, second, Direction.Both);
            await Assert.ThrowsAsync<AskTimeoutException>(() => echo.Ask<string>("into the hole", TimeSpan.FromSeconds(1)));

            await TestConductor.PassThrough(first, second, Direction.Both);
            Assert.Equal("after", await echo.Ask<string>("after", Wait));

            await TestConductor.Throttle(first, second, Direction.Both, rateMBit: 0.5);
            var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => echo.Ask<string>(new string('x', 2000) + i, Wait)));
            Assert.Equal(Enumerable.Range(0, 5).Select(i => new string('x', 2000) + i), replies);
            await TestConductor.PassThrough(first, second, Direction.Both);
        }, first);
        EnterBarrier("checked");
    }
}
