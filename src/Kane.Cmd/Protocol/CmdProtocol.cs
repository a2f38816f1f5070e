namespace Kane.Cmd.Protocol;

/// <summary>
/// The wire protocol of the management endpoint. Every frame, both ways, is a 4-byte big-endian length followed by
/// that many bytes of UTF-8 JSON (<see cref="CmdRequest"/> from the client, <see cref="CmdFrame"/> from the endpoint).
/// </summary>
public static class CmdProtocol
{
    /// <summary>The version this build speaks; bumped on any change an older peer would misread.</summary>
    public const int Version = 1;

    /// <summary>The default port of the endpoint.</summary>
    public const int DefaultPort = 9110;

    public const string KindRun = "run";
    public const string KindDescribe = "describe";

    public const string FrameLine = "line";
    public const string FrameJson = "json";
    public const string FrameEnd = "end";
    public const string FrameError = "error";
    public const string FramePalettes = "palettes";

    /// <summary>The request names a protocol version the endpoint does not speak.</summary>
    public const string ErrorVersion = "version";
    /// <summary>The request frame is larger than <c>kane.cmd.max-request-bytes</c>.</summary>
    public const string ErrorTooLarge = "too-large";
    /// <summary>The request is not a length-prefixed JSON request, or did not arrive in time.</summary>
    public const string ErrorMalformed = "malformed";
    /// <summary>No such palette or command.</summary>
    public const string ErrorUnknownCommand = "unknown-command";
    /// <summary>The arguments do not fit the command's definition.</summary>
    public const string ErrorUsage = "usage";
    /// <summary>The command changes the cluster and the token is missing or wrong, or such commands are refused here.</summary>
    public const string ErrorUnauthorized = "unauthorized";
    /// <summary>The endpoint serves <c>kane.cmd.max-connections</c> connections already.</summary>
    public const string ErrorBusy = "busy";
    /// <summary>The command threw.</summary>
    public const string ErrorFailed = "failed";
    /// <summary>The endpoint is stopping with its actor system.</summary>
    public const string ErrorStopping = "stopping";

    /// <summary>The process exit code a client should use for an error code: 2 for usage mistakes, 1 otherwise.</summary>
    public static int ExitCodeFor(string? errorCode) => errorCode is ErrorUsage or ErrorUnknownCommand ? 2 : 1;
}
