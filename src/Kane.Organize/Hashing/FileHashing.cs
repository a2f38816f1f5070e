using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Kane.Organize.Hashing;

/// <summary>
/// The three hashes of the duplicate search, cheapest first: the first 4 KiB (<see cref="Head"/>), the last 4 KiB
/// (<see cref="Tail"/>) and everything (<see cref="Full"/>). Files of equal size are told apart by the head hash,
/// then, if large, by the tail hash, and only the survivors are read in full. For a file of at most
/// <see cref="SampleLength"/> bytes the head hash covers the whole file and equals its full hash, so such files need
/// no further read. All reads are positional (<see cref="RandomAccess"/>) and work on a handle the caller opened.
/// </summary>
public static class FileHashing
{
    /// <summary>Bytes in the head and in the tail sample: 4 KiB, one page, one read.</summary>
    public const int SampleLength = 4096;

    /// <summary>Read size of the full hash: large enough to amortise the system call, small enough for the L2 cache.</summary>
    public const int FullReadLength = 256 * 1024;

    /// <summary>
    /// Reads up to <see cref="SampleLength"/> bytes from the start of <paramref name="file"/> into
    /// <paramref name="head"/> (which needs that many bytes) and hashes them. The bytes are returned through
    /// <paramref name="headLength"/> for the content signature, which reads the same head.
    /// </summary>
    public static ContentHash Head(SafeFileHandle file, ContentHashAlgorithm algorithm, Span<byte> head, out int headLength)
    {
        if (head.Length < SampleLength)
            throw new ArgumentException($"the head buffer needs {SampleLength} bytes", nameof(head));
        headLength = ReadFully(file, head[..SampleLength], 0);
        return ContentHasher.HashData(algorithm, head[..headLength]);
    }

    /// <summary>
    /// The hash of the last <see cref="SampleLength"/> bytes of a file of <paramref name="length"/> bytes (of all of
    /// it if shorter). Only informative when the file is longer than the head; the caller skips it otherwise.
    /// </summary>
    public static ContentHash Tail(SafeFileHandle file, long length, ContentHashAlgorithm algorithm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Span<byte> tail = stackalloc byte[SampleLength];
        var start = Math.Max(0, length - SampleLength);
        var read = ReadFully(file, tail[..(int)(length - start)], start);
        return ContentHasher.HashData(algorithm, tail[..read]);
    }

    /// <summary>
    /// Hashes the whole file, reading <see cref="FullReadLength"/> bytes at a time, and reports how many bytes it
    /// read: a length other than the size the file was scanned with means it changed in between.
    /// </summary>
    public static (ContentHash Hash, long Length) Full(SafeFileHandle file, ContentHashAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        using var hasher = new ContentHasher(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(FullReadLength);
        try
        {
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(file, buffer.AsSpan(0, FullReadLength), offset)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hasher.Append(buffer.AsSpan(0, read));
                offset += read;
            }
            return (hasher.GetHashAndReset(), offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Opens <paramref name="path"/> for a sequential read, the way the hash task does.</summary>
    public static SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);

    /// <summary>Reads until <paramref name="destination"/> is full or the file ends; returns the bytes read.</summary>
    internal static int ReadFully(SafeFileHandle file, Span<byte> destination, long offset)
    {
        var total = 0;
        int read;
        while (total < destination.Length && (read = RandomAccess.Read(file, destination[total..], offset + total)) > 0)
            total += read;
        return total;
    }
}
