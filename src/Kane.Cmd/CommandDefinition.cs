namespace Kane.Cmd;

/// <summary>
/// Runs one command. Write replies through the context; return the exit code (0 ok, 1 failed). Throw
/// <see cref="CommandUsageException"/> for bad arguments (exit code 2). A streaming command keeps writing until
/// <see cref="CommandContext.Cancelled"/> fires (the client hung up or the endpoint is stopping).
/// </summary>
public delegate Task<int> CommandHandler(CommandContext context);

/// <summary>One command of a palette: its name, help, arguments, and the handler that runs it.</summary>
public sealed record CommandDefinition(string Name, string Description, CommandHandler Handler)
{
    public IReadOnlyList<CommandArgument> Arguments { get; init; } = [];

    /// <summary>
    /// The command changes the cluster (join, leave, down): it needs <c>kane.cmd.access-token</c> when one is set, and
    /// is refused on a non-loopback endpoint that has none.
    /// </summary>
    public bool ChangesCluster { get; init; }

    /// <summary>The command streams until the client hangs up (e.g. <c>cluster tail</c>); clients show this in help.</summary>
    public bool Streaming { get; init; }

    /// <summary>A one-line usage summary: <c>hierarchy [-s|--start PATH] [-d|--depth N]</c>.</summary>
    public string Usage => string.Join(' ', Arguments.Select(FormatArgument).Prepend(Name));

    private static string FormatArgument(CommandArgument a)
    {
        var spelled = string.Join('|', a.Switches.Append("--" + a.Name));
        var text = a.Flag ? spelled : a.Positional ? $"{a.Name.ToUpperInvariant()}" : $"{spelled} {a.Name.ToUpperInvariant()}";
        return a.Mandatory ? text : $"[{text}]";
    }
}
