using System.CommandLine;
using Kane.Cli.Commands;
using Kane.Cli.Management;

namespace Kane.Cli;

/// <summary>The <c>kane</c> command line: palettes of commands, each writing to the given output and error writers.</summary>
public static class KaneCli
{
    private const string Description = """
        kane: inspect and drive Kane clusters. Palettes mirror Petabridge's pbm.

        'kane organize SRC --into DST' sorts a folder tree on an embedded node (or a cluster with --cluster HOST:PORT).
        Commands other than 'config', 'organize' and 'jobs undo' talk to a node's management endpoint (kane.cmd, default 127.0.0.1:9110).
        Any palette command the node serves runs as 'kane PALETTE COMMAND [ARGS]', even one this client does not
        list below; 'kane help' lists what the node serves.

        Exit codes: 0 ok (also when Ctrl-C ends a streaming command), 1 the command failed or no endpoint answered,
        2 bad usage (unknown command or option, missing argument).
        """;

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Run"/>; Ctrl-C (or <paramref name="ct"/>) ends a streaming command cleanly. <paramref name="environment"/>
    /// stands in for environment variables (KANE_CMD_TOKEN) in tests.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default, Func<string, string?>? environment = null)
    {
        var endpoint = new EndpointOptions(environment ?? Environment.GetEnvironmentVariable);
        var root = new RootCommand(Description);
        foreach (var option in endpoint.All) root.Options.Add(option);
        root.Subcommands.Add(ConfigCommands.Create(output, error));
        root.Subcommands.Add(SamplesCommands.Create(output, error));
        root.Subcommands.Add(ActorCommands.Create(endpoint, output, error));
        root.Subcommands.Add(ClusterCliCommands.Create(endpoint, output, error));
        root.Subcommands.Add(JobsCliCommands.Create(endpoint, output, error));
        root.Subcommands.Add(OrganizeCommand.Create(endpoint, output, error));
        root.Subcommands.Add(HelpCommand.Create(endpoint, output, error));
        GenericCommand.Attach(root, endpoint, output, error);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await error.WriteLineAsync($"kane: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync("Run 'kane --help' for usage, or 'kane help' for the node's palettes.").ConfigureAwait(false);
            return RemoteRun.Usage;
        }
        var port = parsed.GetValue(endpoint.Port);
        if (port is < 1 or > 65535)
        {
            await error.WriteLineAsync($"kane: --port must be 1 to 65535, not {port}.").ConfigureAwait(false);
            return RemoteRun.Usage;
        }
        // Cancellation comes from the caller (Program wires Ctrl-C to it): System.CommandLine's own handler would turn
        // every Ctrl-C into exit code 130, even when it ended a stream the way streams are meant to end.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation, ct).ConfigureAwait(false);
    }
}
