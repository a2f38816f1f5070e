namespace Kane.Organize.Hashing;

/// <summary>The hash functions Kane can identify file content with (decision 0015 chooses the default).</summary>
public enum ContentHashAlgorithm
{
    /// <summary>XXH3-128: 16 bytes, non-cryptographic, several times faster than SHA-256.</summary>
    Xxh128,

    /// <summary>SHA-256: 32 bytes, cryptographic; OpenSSL uses the CPU's SHA extensions where present.</summary>
    Sha256,
}
