namespace Kane.Configuration.Internal;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. Inside an included file the path is prefixed with the
/// include point; <see cref="PrefixLength"/> says how many leading elements were added so the
/// unprefixed path can be tried as well.
/// </summary>
internal sealed class AstSubstitution(
    string text,
    IReadOnlyList<string> path,
    int prefixLength,
    bool optional,
    IReadOnlyList<string> field,
    ConfigOrigin origin)
    : AstNode(origin)
{
    /// <summary>The expression as written, e.g. <c>${?a.b}</c>, for error messages.</summary>
    public string Text { get; } = text;

    public IReadOnlyList<string> Path { get; } = path;

    public int PrefixLength { get; } = prefixLength;

    public bool Optional { get; } = optional;

    /// <summary>Absolute path of the innermost addressable field whose value contains this substitution.</summary>
    public IReadOnlyList<string> Field { get; } = field;

    /// <summary>The path as written in the source, without an include prefix.</summary>
    public IReadOnlyList<string> WrittenPath => Path.Skip(PrefixLength).ToArray();
}
