namespace Kane.Configuration;

/// <summary>
/// Raised for every configuration problem: syntax errors, unresolvable substitutions, cycles,
/// missing required includes, and missing or mistyped settings requested through <see cref="Config"/>.
/// </summary>
/// <remarks>
/// Positional errors carry <see cref="Origin"/>, <see cref="Line"/> and <see cref="Column"/> (1-based)
/// and mention them in the message as <c>origin:line:column</c>; errors that have no source position
/// (e.g. a setting that is simply absent) leave <see cref="Line"/> and <see cref="Column"/> at 0.
/// </remarks>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ConfigurationException(string message, ConfigOrigin? origin, string? path, Exception? innerException = null)
        : base(message, innerException)
    {
        Origin = origin?.Name;
        Line = origin?.Line ?? 0;
        Column = origin?.Column ?? 0;
        Path = path;
    }

    /// <summary>The origin (file name or <c>&lt;string&gt;</c>) the error points into, when known.</summary>
    public string? Origin { get; }

    /// <summary>1-based line of the offending element; 0 when the error is not positional.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending element; 0 when the error is not positional.</summary>
    public int Column { get; }

    /// <summary>The offending key or substitution path in HOCON path syntax, when known.</summary>
    public string? Path { get; }

    /// <summary>A syntax-style error: the message is prefixed with <c>origin:line:column: </c>.</summary>
    internal static ConfigurationException At(ConfigOrigin origin, string message, string? path = null) =>
        new($"{origin}: {message}", origin, path);
}
