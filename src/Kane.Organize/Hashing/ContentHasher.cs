using System.Security.Cryptography;

namespace Kane.Organize.Hashing;

/// <summary>
/// A streaming content hash of either algorithm: append pieces, then read the hash. SHA-256 goes through
/// <see cref="IncrementalHash"/> (OpenSSL, with the CPU's SHA extensions where it has them); XXH3-128 through
/// <see cref="Xxh3Hasher"/>. Not thread-safe.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    private readonly Xxh3Hasher? _xxh3;
    private readonly IncrementalHash? _sha256;

    public ContentHasher(ContentHashAlgorithm algorithm)
    {
        Algorithm = algorithm;
        if (algorithm == ContentHashAlgorithm.Sha256)
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        else
            _xxh3 = new Xxh3Hasher();
    }

    public ContentHashAlgorithm Algorithm { get; }

    /// <summary>The hash of <paramref name="data"/> in one call.</summary>
    public static ContentHash HashData(ContentHashAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        if (algorithm == ContentHashAlgorithm.Xxh128)
            return ContentHash.FromXxh128(Xxh3.Hash128(data));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return ContentHash.FromBytes(ContentHashAlgorithm.Sha256, digest);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_xxh3 is not null)
            _xxh3.Append(data);
        else
            _sha256!.AppendData(data);
    }

    /// <summary>The hash of everything appended since the last reset, and starts over.</summary>
    public ContentHash GetHashAndReset()
    {
        if (_xxh3 is not null)
        {
            var hash = _xxh3.GetCurrentHash();
            _xxh3.Reset();
            return ContentHash.FromXxh128(hash);
        }
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        _sha256!.GetHashAndReset(digest);
        return ContentHash.FromBytes(ContentHashAlgorithm.Sha256, digest);
    }

    public void Dispose() => _sha256?.Dispose();
}
