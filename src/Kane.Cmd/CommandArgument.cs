namespace Kane.Cmd;

/// <summary>
/// One argument of a command: <c>new CommandArgument("depth", "Levels to show") { Switches = ["-d"], Default = "0" }</c>.
/// On the command line it is given as <c>--depth 2</c>, any of its <see cref="Switches"/>, <c>--depth=2</c>, or, when
/// <see cref="Positional"/>, as a bare word in declaration order.
/// </summary>
public sealed record CommandArgument(string Name, string Description)
{
    /// <summary>Extra spellings besides <c>--name</c>, e.g. <c>-d</c>.</summary>
    public IReadOnlyList<string> Switches { get; init; } = [];

    /// <summary>The command refuses to run without it (a usage error, exit code 2).</summary>
    public bool Mandatory { get; init; }

    /// <summary>The value when the argument is not given; null: absent.</summary>
    public string? Default { get; init; }

    /// <summary>Takes no value: present means <c>true</c>.</summary>
    public bool Flag { get; init; }

    /// <summary>May also be given as a bare word (the next one not taken by a switch).</summary>
    public bool Positional { get; init; }

    /// <summary><c>--name</c> and the switches.</summary>
    public IEnumerable<string> AllSwitches => Switches.Prepend("--" + Name);
}
