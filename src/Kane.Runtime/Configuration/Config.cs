using Kane.Configuration.Internal;

namespace Kane.Configuration;

/// <summary>
/// An immutable, fully resolved configuration tree. Paths use HOCON path syntax
/// (<c>a.b."c.d"</c>). Getters without a default throw <see cref="ConfigurationException"/> naming
/// the full key when the setting is missing or cannot be converted; getters with a default return
/// it only when the setting is missing or null, and still throw when it is present with the wrong type.
/// </summary>
public sealed partial class Config
{
    private readonly string _prefix;

    internal Config(HoconObject root, string prefix = "")
    {
        Root = root;
        _prefix = prefix;
    }

    /// <summary>A configuration with no settings.</summary>
    public static Config Empty { get; } = new(HoconObject.Empty(new ConfigOrigin("<empty>", 0, 0)));

    /// <summary>The resolved root object.</summary>
    public HoconObject Root { get; }

    /// <summary>True when the root object has no keys.</summary>
    public bool IsEmpty => Root.Count == 0;

    /// <summary>The immediate keys of the root object, in definition order.</summary>
    public IEnumerable<string> Keys => Root.Keys;

    /// <summary>True when a non-null value exists at <paramref name="path"/> (a setting explicitly set to null counts as absent).</summary>
    public bool HasPath(string path) => GetValue(path) is { Kind: not HoconValueKind.Null };

    /// <summary>The value at <paramref name="path"/>, or null when nothing is there.</summary>
    /// <remarks>A path that runs through a non-object value (e.g. <c>a.b</c> where <c>a = 5</c>) is missing too.</remarks>
    public HoconValue? GetValue(string path)
    {
        HoconValue current = Root;
        foreach (var key in ApiPath.Parse(path))
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// The object at <paramref name="path"/> as a config of its own; <see cref="Empty"/> when missing
    /// or null. Errors raised by the returned config still name the full path from this config's root.
    /// </summary>
    public Config GetConfig(string path) => Optional(path) switch
    {
        null => Empty,
        HoconObject obj => new Config(obj, FullPath(path)),
        var other => throw ValueReader.Mismatch(FullPath(path), other, "an object"),
    };

    /// <summary>
    /// Merges <paramref name="fallback"/> under this config: this config's values win, objects present
    /// in both merge recursively, and any non-object value hides the fallback's value at that key.
    /// </summary>
    /// <remarks>
    /// Both configs are already resolved, so nothing is re-resolved here. To let one file refer to
    /// settings of another, parse it with the other as <c>resolveAgainst</c>
    /// (<see cref="ConfigurationFactory.ParseFile(string, Config?, Func{string, string?}?)"/>) and then
    /// merge the two with this method, or include one from the other.
    /// </remarks>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return ReferenceEquals(this, fallback) || fallback.IsEmpty ? this : new Config(Root.WithFallback(fallback.Root), _prefix);
    }

    /// <summary>The resolved tree as JSON, keys in definition order; durations and sizes stay the strings they were written as.</summary>
    public string ToJson(bool indented = true) => JsonWriter.Write(Root, indented);

    /// <inheritdoc />
    public override string ToString() => ToJson(indented: false);

    private string FullPath(string path) => HoconPaths.Join(_prefix, path);

    /// <summary>The value, or null when missing or explicitly null.</summary>
    private HoconValue? Optional(string path) => GetValue(path) is { Kind: not HoconValueKind.Null } value ? value : null;

    /// <summary>The value (possibly null-valued, which the converters reject); throws when missing.</summary>
    private HoconValue Required(string path) =>
        GetValue(path) ?? throw new ConfigurationException($"{FullPath(path)}: missing required setting", origin: null, FullPath(path));
}
