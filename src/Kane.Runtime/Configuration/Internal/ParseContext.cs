namespace Kane.Configuration.Internal;

/// <summary>
/// What the parser of one document needs to know about where that document sits.
/// </summary>
/// <param name="Origin">Name used in positions and error messages.</param>
/// <param name="BaseDirectory">Directory relative includes resolve against; null means the current directory (string input without a base directory).</param>
/// <param name="Prefix">Path of the object an included document is merged into; empty for the top document.</param>
/// <param name="IncludeChain">Full paths of the files being included, outermost first, to detect include cycles.</param>
internal sealed record ParseContext(string Origin, string? BaseDirectory, IReadOnlyList<string> Prefix, IReadOnlyList<string> IncludeChain)
{
    public static ParseContext ForString(string origin, string? baseDirectory = null) => new(origin, baseDirectory, [], []);

    public static ParseContext ForFile(string origin, string fullPath) =>
        new(origin, System.IO.Path.GetDirectoryName(fullPath), [], [fullPath]);
}
