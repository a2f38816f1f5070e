using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Kane.Organize.Hashing;

/// <summary>
/// A content hash tagged with its algorithm: a value with equality, usable as a dictionary key for grouping
/// duplicates without allocating. Hashes of different algorithms are never equal. Its text form is
/// <c>xxh128:&lt;32 hex&gt;</c> or <c>sha256:&lt;64 hex&gt;</c> (<see cref="Parse"/> reads it back); the hex is the
/// algorithm's canonical byte order.
/// </summary>
public readonly record struct ContentHash
{
    // The canonical bytes as big-endian words; XXH3-128 uses the first two.
    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    private ContentHash(ContentHashAlgorithm algorithm, ReadOnlySpan<byte> canonical)
    {
        Algorithm = algorithm;
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(canonical);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(canonical[8..]);
        if (algorithm == ContentHashAlgorithm.Sha256)
        {
            _w2 = BinaryPrimitives.ReadUInt64BigEndian(canonical[16..]);
            _w3 = BinaryPrimitives.ReadUInt64BigEndian(canonical[24..]);
        }
    }

    public ContentHashAlgorithm Algorithm { get; }

    /// <summary>Digest length in bytes: 16 for XXH3-128, 32 for SHA-256.</summary>
    public int Length => LengthOf(Algorithm);

    public static ContentHash FromXxh128(Hash128 hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        hash.WriteCanonical(bytes);
        return new(ContentHashAlgorithm.Xxh128, bytes);
    }

    /// <summary>A hash from its canonical digest bytes (16 for XXH3-128, 32 for SHA-256).</summary>
    public static ContentHash FromBytes(ContentHashAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != LengthOf(algorithm))
            throw new ArgumentException($"a {Prefix(algorithm)} digest has {LengthOf(algorithm)} bytes, not {digest.Length}", nameof(digest));
        return new(algorithm, digest);
    }

    /// <summary>Writes the canonical digest bytes; <paramref name="destination"/> needs <see cref="Length"/> bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        if (Algorithm == ContentHashAlgorithm.Sha256)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
            BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
        }
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        CopyTo(bytes);
        return Prefix(Algorithm) + ":" + Convert.ToHexStringLower(bytes[..Length]);
    }

    /// <summary>Reads the text form written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not <c>xxh128:</c> or <c>sha256:</c> followed by the digest's hex.</exception>
    public static ContentHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException($"'{text}' is not a content hash (expected xxh128:<32 hex> or sha256:<64 hex>)");

    public static bool TryParse([NotNullWhen(true)] string? text, out ContentHash hash)
    {
        hash = default;
        var colon = text?.IndexOf(':') ?? -1;
        if (colon < 0)
            return false;
        ContentHashAlgorithm algorithm;
        switch (text![..colon])
        {
            case "xxh128": algorithm = ContentHashAlgorithm.Xxh128; break;
            case "sha256": algorithm = ContentHashAlgorithm.Sha256; break;
            default: return false;
        }
        var hex = text.AsSpan(colon + 1);
        Span<byte> bytes = stackalloc byte[32];
        if (hex.Length != 2 * LengthOf(algorithm) || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
            return false;
        hash = new(algorithm, bytes[..written]);
        return true;
    }

    private static int LengthOf(ContentHashAlgorithm algorithm) => algorithm == ContentHashAlgorithm.Sha256 ? 32 : 16;

    private static string Prefix(ContentHashAlgorithm algorithm) => algorithm == ContentHashAlgorithm.Sha256 ? "sha256" : "xxh128";
}
