using Kane.Actor;
using Kane.Pattern;
using Kane.TestKit;

namespace Kane.MultiNode.Specs.Remoting;

public sealed class KillAndRestartConfig : MultiNodeConfig
{
    public KillAndRestartConfig()
    {
        First = Role("first");
        Second = Role("second");
        // Remote death watch declares a silent system dead after the pause: short, so the spec takes seconds.
        CommonConfig = """
            kane.remote.watch-failure-detector {
              heartbeat-interval = 200ms
              acceptable-heartbeat-pause = 2s
            }
            """;
    }

    public RoleName First { get; }

    public RoleName Second { get; }
}

/// <summary>Reports which incarnation of its role answers.</summary>
public sealed class IncarnationReporter : ReceiveActor
{
    public IncarnationReporter(int incarnation) => Receive<string>(_ => Sender.Tell($"incarnation {incarnation}", Self));
}

/// <summary>
/// SIGKILL of the second process: a death watch on its actor from the first gets Terminated; the conductor starts the
/// second role again on the same address and its new incarnation answers.
/// </summary>
public sealed class KillAndRestartSpec : MultiNodeSpec
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly KillAndRestartConfig _config;

    public KillAndRestartSpec() : this(new KillAndRestartConfig()) { }

    private KillAndRestartSpec(KillAndRestartConfig config) : base(config) => _config = config;

    protected override async Task RunAsync()
    {
        var (first, second) = (_config.First, _config.Second);
        RunOn(() => Sys.ActorOf(Props.Create(() => new IncarnationReporter(Incarnation)), "reporter"), second);
        if (Incarnation == 1)
        {
            EnterBarrier("reporter-started");
            await RunOnAsync(async () =>
            {
                var reporter = await Select(second, "/user/reporter").ResolveOne(Wait);
                var probe = new TestProbe(Sys);
                probe.Watch(reporter);
                Assert.Equal("incarnation 1", await reporter.Ask<string>("which", Wait)); // the watch went first, reliably

                await TestConductor.Kill(second);
                Assert.True(probe.ExpectTerminated(reporter, Wait).AddressTerminated);

                await TestConductor.Start(second);
            }, first);
        }
        // The second role's first incarnation waits here until it is killed; its second incarnation starts here.
        EnterBarrier("second-restarted");
        await RunOnAsync(async () => Assert.Equal("incarnation 2", await AskUntilAnswered(Select(second, "/user/reporter"))), first);
        EnterBarrier("checked");
    }

    /// <summary>The survivor's association may still be gated from the dial attempts while the role was down.</summary>
    private static async Task<string> AskUntilAnswered(ActorSelection target)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try { return await target.Ask<string>("which", TimeSpan.FromSeconds(1)); }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline) { }
        }
    }
}
