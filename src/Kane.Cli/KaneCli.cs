using System.CommandLine;
using Kane.Cli.Commands;

namespace Kane.Cli;

/// <summary>The <c>kane</c> command line: palettes of commands, each writing to the given output and error writers.</summary>
public static class KaneCli
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("kane: inspect and drive Kane clusters. Palettes mirror Petabridge's pbm.");
        root.Subcommands.Add(ConfigCommands.Create(output, error));
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).Invoke(invocation);
    }
}
