using System.Text.Json.Serialization;

namespace Kane.Cmd.Protocol;

/// <summary>
/// What a client asks, as one frame: <c>{"v":1,"kind":"run","palette":"actor","command":"hierarchy","tokens":["-d","2"]}</c>.
/// One request per connection; the replies follow on the same connection.
/// </summary>
public sealed record CmdRequest
{
    /// <summary>The protocol version the client speaks; the endpoint refuses any other with a <c>version</c> error.</summary>
    [JsonRequired]
    public int V { get; init; } = CmdProtocol.Version;

    /// <summary><see cref="CmdProtocol.KindRun"/> (also when absent) or <see cref="CmdProtocol.KindDescribe"/> (the palette list).</summary>
    public string? Kind { get; init; }

    public string? Palette { get; init; }

    public string? Command { get; init; }

    /// <summary>Arguments by name (<c>depth</c> → <c>2</c>), as clients with their own parser send them.</summary>
    public Dictionary<string, string>? Arguments { get; init; }

    /// <summary>Raw command-line words after the command (<c>-d 2 /user</c>); the endpoint parses them against the definition.</summary>
    public List<string>? Tokens { get; init; }

    /// <summary>The client wants JSON frames (<c>--json</c>) rather than text lines.</summary>
    public bool Json { get; init; }

    /// <summary>The access token, needed by commands that change the cluster when the endpoint has one.</summary>
    public string? Token { get; init; }
}
