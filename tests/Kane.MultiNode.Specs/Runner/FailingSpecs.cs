using Kane.MultiNode.Specs.Remoting;

namespace Kane.MultiNode.Specs.Runner;

// Deliberately failing specs: not tests themselves; RunnerSpec runs them and checks how the runner reports them.

public sealed class ShortBarrierConfig : MultiNodeConfig
{
    public ShortBarrierConfig(TimeSpan? specTimeout = null)
    {
        First = Role("first");
        Second = Role("second");
        BarrierTimeout = TimeSpan.FromSeconds(2);
        SpecTimeout = specTimeout ?? TimeSpan.FromSeconds(30);
    }

    public RoleName First { get; }

    public RoleName Second { get; }
}

/// <summary>The second role throws after the first barrier while the first waits at the next one.</summary>
public sealed class ThrowingSpec : MultiNodeSpec
{
    private readonly TwoNodesConfig _config;

    public ThrowingSpec() : this(new TwoNodesConfig()) { }

    private ThrowingSpec(TwoNodesConfig config) : base(config) => _config = config;

    protected override Task RunAsync()
    {
        EnterBarrier("started");
        RunOn(() => throw new InvalidOperationException("boom from second"), _config.Second);
        EnterBarrier("after-boom");
        return Task.CompletedTask;
    }
}

/// <summary>The first role waits at a barrier the second never enters.</summary>
public sealed class BarrierTimeoutSpec : MultiNodeSpec
{
    private readonly ShortBarrierConfig _config;

    public BarrierTimeoutSpec() : this(new ShortBarrierConfig()) { }

    private BarrierTimeoutSpec(ShortBarrierConfig config) : base(config) => _config = config;

    protected override async Task RunAsync()
    {
        RunOn(() => EnterBarrier("lonely"), _config.First);
        await RunOnAsync(() => Task.Delay(Timeout.Infinite), _config.Second);
    }
}

/// <summary>Two roles enter differently named barriers.</summary>
public sealed class WrongBarrierSpec : MultiNodeSpec
{
    private readonly ShortBarrierConfig _config;

    public WrongBarrierSpec() : this(new ShortBarrierConfig()) { }

    private WrongBarrierSpec(ShortBarrierConfig config) : base(config) => _config = config;

    protected override Task RunAsync()
    {
        EnterBarrier(Myself == _config.First ? "left" : "right");
        return Task.CompletedTask;
    }
}

/// <summary>The second role's process exits by itself with code 5, which nobody asked for.</summary>
public sealed class UnexpectedExitSpec : MultiNodeSpec
{
    private readonly TwoNodesConfig _config;

    public UnexpectedExitSpec() : this(new TwoNodesConfig()) { }

    private UnexpectedExitSpec(TwoNodesConfig config) : base(config) => _config = config;

    protected override Task RunAsync()
    {
        RunOn(() => Environment.Exit(5), _config.Second);
        EnterBarrier("never-complete");
        return Task.CompletedTask;
    }
}

/// <summary>Both roles hang outside any barrier; only the spec timeout ends the run.</summary>
public sealed class HangingSpec : MultiNodeSpec
{
    public HangingSpec() : base(new ShortBarrierConfig(specTimeout: TimeSpan.FromSeconds(4))) { }

    protected override Task RunAsync() => Task.Delay(Timeout.Infinite);
}
