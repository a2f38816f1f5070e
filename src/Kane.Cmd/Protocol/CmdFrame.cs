using System.Text.Json.Nodes;

namespace Kane.Cmd.Protocol;

/// <summary>
/// One reply frame. A command's replies are <c>line</c> and <c>json</c> frames, ended by one <c>end</c> frame (with the
/// exit code) or one <c>error</c> frame; a describe request gets one <c>palettes</c> frame and an <c>end</c>.
/// </summary>
public sealed record CmdFrame
{
    /// <summary>One of the <c>CmdProtocol.Frame*</c> constants.</summary>
    public string Type { get; init; } = "";

    /// <summary>A line of text for humans (<c>line</c>).</summary>
    public string? Text { get; init; }

    /// <summary>A JSON value for scripts (<c>json</c>).</summary>
    public JsonNode? Data { get; init; }

    /// <summary>The command's exit code (<c>end</c>): 0 ok, 1 failed, 2 bad usage.</summary>
    public int? Exit { get; init; }

    /// <summary>Why the request failed (<c>error</c>): one of the <c>CmdProtocol.Error*</c> constants.</summary>
    public string? Code { get; init; }

    /// <summary>What went wrong and what to do, for humans (<c>error</c>).</summary>
    public string? Message { get; init; }

    /// <summary>The palettes the endpoint serves (<c>palettes</c>).</summary>
    public List<PaletteInfo>? Palettes { get; init; }

    public static CmdFrame Line(string text) => new() { Type = CmdProtocol.FrameLine, Text = text };

    public static CmdFrame Json(JsonNode? data) => new() { Type = CmdProtocol.FrameJson, Data = data };

    public static CmdFrame End(int exit) => new() { Type = CmdProtocol.FrameEnd, Exit = exit };

    public static CmdFrame Error(string code, string message) => new() { Type = CmdProtocol.FrameError, Code = code, Message = message };
}
