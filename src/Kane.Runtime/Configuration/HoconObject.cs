using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Kane.Configuration;

/// <summary>
/// An immutable, resolved object. Keys enumerate in the order they were first defined, which is
/// also the order <see cref="HoconValue.ToJson"/> writes them in.
/// </summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(OrderedDictionary<string, HoconValue> fields, ConfigOrigin origin)
        : base(origin) => _fields = fields;

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Object;

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc />
    public IEnumerable<HoconValue> Values => _fields.Values;

    /// <inheritdoc />
    public HoconValue this[string key] => _fields[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) =>
        _fields.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Set when this object already replaced a non-object value: per the spec such an object hides
    /// everything older, so later fallbacks must not merge into it.
    /// </summary>
    internal bool IgnoresFallbacks { get; private init; }

    internal static HoconObject Empty(ConfigOrigin origin) => new([], origin);

    internal HoconObject HidingFallbacks() => IgnoresFallbacks ? this : new(_fields, Origin) { IgnoresFallbacks = true };

    internal HoconObject MergeableAgain() => IgnoresFallbacks ? new(_fields, Origin) : this;

    /// <summary>
    /// Deep merge with this object winning. Only keys present on both sides are rebuilt, the rest of
    /// both trees is shared, so merging a small override into a large default tree stays cheap.
    /// </summary>
    internal HoconObject WithFallback(HoconObject fallback)
    {
        if (IgnoresFallbacks || (fallback.Count == 0 && !fallback.IgnoresFallbacks))
        {
            return this;
        }

        if (Count == 0)
        {
            return fallback;
        }

        // Fallback keys come first: the fallback is the "earlier" definition, as if both were
        // duplicate keys in one file, and key order follows first definition.
        var merged = new OrderedDictionary<string, HoconValue>(fallback._fields);
        foreach (var (key, value) in _fields)
        {
            merged[key] = value is HoconObject mine && merged.TryGetValue(key, out var theirs)
                ? theirs is HoconObject other ? mine.WithFallback(other) : mine.HidingFallbacks()
                : value;
        }

        return new HoconObject(merged, Origin) { IgnoresFallbacks = fallback.IgnoresFallbacks };
    }
}
