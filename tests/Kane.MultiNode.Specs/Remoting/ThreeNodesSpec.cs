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
        // In turns: two systems that dial each other at the same instant can lose a message on the connection the
        // transport drops (a Kane.Remote race, see docs/decisions/0006); this spec is about processes and barriers.
        foreach (var turn in Roles)
        {
            if (turn == Myself)
                foreach (var other in Roles.Where(r => r != Myself))
                    Assert.Equal($"{other}: hello from {Myself}", await Select(other, "/user/greeter").Ask<string>($"hello from {Myself}", Wait));
            EnterBarrier($"{turn}-greeted");
        }
    }
}
