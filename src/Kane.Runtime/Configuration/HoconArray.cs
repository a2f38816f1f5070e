using System.Collections;

namespace Kane.Configuration;

/// <summary>An immutable, resolved array. Undefined optional substitutions were dropped from it.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    internal HoconArray(IEnumerable<HoconValue> items, ConfigOrigin origin)
        : base(origin) => _items = items.ToArray();

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Array;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public HoconValue this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
