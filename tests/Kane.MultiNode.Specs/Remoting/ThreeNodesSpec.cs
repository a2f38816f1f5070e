using Kane.Actor;
using Kane.Pattern;

namespace Kane.MultiNode.Specs.Remoting;

public sealed class ThreeNodesConfig : MultiNodeConfig
{
    public ThreeNodesConfig()
    {
        First = Role("first");
        Second = Role("second");
        Third = Role("third");
    }

    public RoleName First { get; }

    public RoleName Second { get; }

    public RoleName Third { get; }
}

/// <summary>Three processes on their own loopback addresses greet each other with asks and meet at barriers.</summary>
public sealed class ThreeNodesExchangeSpec : MultiNodeSpec
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public ThreeNodesExchangeSpec() : base(new ThreeNodesConfig()) { }

    protected override async Task RunAsync()
    {
        Assert.Equal(GetAddress(Myself), Sys.Address);
        Assert.Equal(Roles.Count, Roles.Select(r => GetAddress(r).Host).Distinct().Count());
        Sys.ActorOf(Props.Create(() => new Greeter(Myself.Name)), "greeter");
        EnterBarrier("greeters-started");
        foreach (var other in Roles.Where(r => r != Myself))
            Assert.Equal($"{other}: hello from {Myself}", await Select(other, "/user/greeter").Ask<string>($"hello from {Myself}", Wait));
        EnterBarrier("greeted");
    }
}
