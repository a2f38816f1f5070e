namespace Kane.MultiNode.Specs.Remoting;

/// <summary>The conductor makes the third role exit with code 3; the others carry on past the next barrier.</summary>
public sealed class ExitSpec : MultiNodeSpec
{
    private readonly ThreeNodesConfig _config;

    public ExitSpec() : this(new ThreeNodesConfig()) { }

    private ExitSpec(ThreeNodesConfig config) : base(config) => _config = config;

    protected override async Task RunAsync()
    {
        EnterBarrier("all-up");
        await RunOnAsync(() => TestConductor.Exit(_config.Third, 3), _config.First);
        // The third role waits here until it is told to exit; the barrier then no longer counts it.
        EnterBarrier("third-gone");
        Assert.NotEqual(_config.Third, Myself);
    }
}
