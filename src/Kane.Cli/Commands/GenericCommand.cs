using System.CommandLine;
using Kane.Cli.Management;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane PALETTE COMMAND [ARGS]</c> for any palette the node serves: the words after the command go to the node,
/// which parses them against the command's definition, so a new palette needs no client code.
/// </summary>
internal static class GenericCommand
{
    public static void Attach(RootCommand root, EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        // Words the root does not know are left for the node to judge; subcommands still refuse unknown words.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(async (result, ct) =>
        {
            var words = result.UnmatchedTokens;
            if (words.Count < 2)
            {
                await error.WriteLineAsync(words.Count == 0
                    ? "kane: no command given. Run 'kane --help' for usage, or 'kane help' for the node's palettes."
                    : $"kane: '{words[0]}' needs a command: kane {words[0]} COMMAND [ARGS]. Run 'kane help {words[0]}' for the node's commands.").ConfigureAwait(false);
                return RemoteRun.Usage;
            }
            var client = endpoint.Client(result);
            return await RemoteRun.RunAsync(c => client.RunAsync(words[0], words[1], tokens: [.. words.Skip(2)], json: endpoint.WantsJson(result), ct: c), output, error, ct).ConfigureAwait(false);
        });
    }
}
