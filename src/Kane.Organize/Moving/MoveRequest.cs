using System.Buffers.Binary;
using Kane.Organize.Hashing;

namespace Kane.Organize.Moving;

/// <summary>What a <see cref="MoveRequest"/> does to its source.</summary>
public enum MoveKind
{
    /// <summary>The file at Source ends up at Target: a rename within a file system, a verified copy across.</summary>
    Move,

    /// <summary>
    /// Source is a duplicate of the original at Target: once their content is verified equal, Source is replaced by a
    /// hard link to Target (same file system only).
    /// </summary>
    LinkDuplicate,

    /// <summary>Source is a duplicate of the original at Target: once their content is verified equal, Source is deleted.</summary>
    DeleteDuplicate,

    /// <summary>
    /// A verified copy of Source is created at Target and Source stays: how undo brings back a deleted duplicate
    /// from its original.
    /// </summary>
    Copy,
}

/// <summary>
/// One file operation: absolute <paramref name="Source"/> and <paramref name="Target"/> paths (strings from
/// <see cref="PosixNames.FromBytes"/> reach names that are not UTF-8), the <paramref name="Size"/> the planner saw,
/// and the XXH3-128 of the content if known (<paramref name="Expected"/>): a copy is verified against it, and a target
/// found already in place is accepted only if it matches. For the duplicate kinds Target is the original that stays.
/// </summary>
public sealed record MoveRequest(string Source, string Target, long Size, Hash128? Expected, MoveKind Kind = MoveKind.Move)
{
    /// <summary>
    /// The <see cref="Expected"/> value for a content hash the pipeline computed: its XXH3-128 value, or null for a
    /// SHA-256 hash (the mover verifies with XXH3-128 only, so such a move is checked by size, and a copy by reading back).
    /// </summary>
    public static Hash128? ExpectedOf(ContentHash hash)
    {
        if (hash.Algorithm != ContentHashAlgorithm.Xxh128)
            return null;
        Span<byte> canonical = stackalloc byte[16];
        hash.CopyTo(canonical);
        return new Hash128(BinaryPrimitives.ReadUInt64BigEndian(canonical[8..]), BinaryPrimitives.ReadUInt64BigEndian(canonical));
    }

    /// <summary>Throws if a path is relative, empty, ends in '/', or the two are the same path.</summary>
    public void Validate()
    {
        Check(Source, nameof(Source));
        Check(Target, nameof(Target));
        ArgumentOutOfRangeException.ThrowIfNegative(Size);
        if (string.Equals(Source, Target, StringComparison.Ordinal))
            throw new ArgumentException($"source and target are the same path '{Source}'");
    }

    private static void Check(string path, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, name);
        if (path[0] != '/' || path.EndsWith('/'))
            throw new ArgumentException($"{name} must be an absolute file path, not '{path}'", name);
        if (path.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"{name} holds a NUL character", name);
        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
                throw new ArgumentException($"{name} must not contain '.' or '..' segments: '{path}'", name);
        }
    }
}
