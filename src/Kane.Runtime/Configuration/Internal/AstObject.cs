namespace Kane.Configuration.Internal;

/// <summary>
/// A parsed object. Each key keeps every definition it received, oldest first, because a later
/// definition may refer back to an earlier one (<c>path = ${path}":/bin"</c>) and a later object
/// may merge with an earlier one. Adjacent object literals are merged eagerly since that loses nothing.
/// </summary>
internal sealed class AstObject(IReadOnlyList<string>? path, ConfigOrigin origin) : AstNode(origin)
{
    private readonly OrderedDictionary<string, List<AstNode>> _fields = new(StringComparer.Ordinal);

    /// <summary>Absolute path of this object, or null inside arrays where nothing is addressable.</summary>
    public IReadOnlyList<string>? Path { get; } = path;

    public IEnumerable<string> Keys => _fields.Keys;

    public bool TryGetDefinitions(string key, out List<AstNode> definitions) =>
        _fields.TryGetValue(key, out definitions!);

    public void Add(string key, AstNode definition)
    {
        if (!_fields.TryGetValue(key, out var definitions))
        {
            definitions = [];
            _fields.Add(key, definitions);
        }

        if (definition is AstObject incoming && definitions.Count > 0 && definitions[^1] is AstObject previous)
        {
            previous.MergeFrom(incoming);
        }
        else
        {
            definitions.Add(definition);
        }
    }

    /// <summary>Adds every definition of <paramref name="other"/> as if it had been written here.</summary>
    public void MergeFrom(AstObject other)
    {
        foreach (var (key, definitions) in other._fields)
        {
            foreach (var definition in definitions)
            {
                Add(key, definition);
            }
        }
    }
}
