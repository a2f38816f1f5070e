using System.CommandLine;
using Kane.Cmd;
using Kane.Cmd.Protocol;

namespace Kane.Cli.Management;

/// <summary>The global options every command that talks to a node's management endpoint reads.</summary>
internal sealed class EndpointOptions
{
    public const string TokenVariable = "KANE_CMD_TOKEN";

    private readonly Func<string, string?> _environment;

    public EndpointOptions(Func<string, string?> environment) => _environment = environment;

    public Option<string> Host { get; } = new("--host")
    {
        Description = "Host of the node's management endpoint.",
        Recursive = true,
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "Port of the node's management endpoint (kane.cmd.port).",
        Recursive = true,
        DefaultValueFactory = _ => CmdProtocol.DefaultPort,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (one value per line) instead of text, for scripts.",
        Recursive = true,
    };

    /// <remarks>No default value factory: help would print the variable's value, i.e. the secret.</remarks>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Access token for commands that change the cluster (default: the {TokenVariable} environment variable).",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Host, Port, Json, Token];

    public KaneCmdClient Client(ParseResult result) =>
        new(result.GetValue(Host)!, result.GetValue(Port), TokenOf(result));

    /// <summary>The access token: --token, else the environment variable.</summary>
    public string? TokenOf(ParseResult result) => result.GetValue(Token) ?? _environment(TokenVariable);

    public bool WantsJson(ParseResult result) => result.GetValue(Json);
}
