using System.Buffers.Binary;

namespace Kane.Organize.Hashing;

/// <summary>
/// A 128-bit hash as two 64-bit halves. Its canonical form (<see cref="ToString"/>, <see cref="WriteCanonical"/>) is
/// big-endian, high half first: the form xxHash's own tools print, so a value can be compared with <c>xxh128sum</c>.
/// </summary>
public readonly record struct Hash128(ulong Low, ulong High)
{
    /// <summary>Writes the 16 canonical bytes (big-endian, high half first) into <paramref name="destination"/>.</summary>
    public void WriteCanonical(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>32 lower-case hex digits, high half first.</summary>
    public override string ToString() => $"{High:x16}{Low:x16}";
}
