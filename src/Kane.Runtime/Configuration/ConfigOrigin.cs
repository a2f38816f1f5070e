namespace Kane.Configuration;

/// <summary>
/// Where a value or a syntax element came from: the origin name (a file path as it was given to the
/// parser, or <c>&lt;string&gt;</c>) and a 1-based line and column.
/// </summary>
/// <remarks>Rendered as <c>name:line:column</c>, the form used in every error message.</remarks>
public sealed record ConfigOrigin(string Name, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}:{Line}:{Column}";
}
