using System.Buffers;
using Kane.Organize.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Kane.Organize.Moving.Internal;

/// <summary>
/// Copies and hashes files extent by extent: SEEK_DATA/SEEK_HOLE find the data, holes are left as holes in the copy
/// (a 10 GB sparse file stays sparse) and fed to the hash as the zeros they read as, without reading them. File
/// systems without SEEK_DATA are treated as all data.
/// </summary>
internal static unsafe class SparseCopy
{
    private const int ChunkBytes = 1 << 20;
    private static readonly byte[] s_zeros = new byte[ChunkBytes];

    /// <summary>
    /// Copies <paramref name="length"/> bytes of <paramref name="source"/> into the empty <paramref name="target"/>
    /// and returns the XXH3-128 of what was read, or the errno of a failed call through <paramref name="error"/>.
    /// <paramref name="copied"/> differs from <paramref name="length"/> when the source changed size meanwhile
    /// (shorter: where it ended; longer: <paramref name="length"/> + 1).
    /// </summary>
    public static Hash128 Copy(SafeFileHandle source, SafeFileHandle target, long length, out long copied, out int error, CancellationToken ct)
    {
        copied = 0;
        var hasher = new Xxh3Hasher();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            error = Truncate(target, length);
            if (error != 0)
                return default;
            long offset = 0;
            foreach (var (start, end) in Extents(source, length))
            {
                AppendZeros(hasher, start - offset);
                for (var at = start; at < end;)
                {
                    ct.ThrowIfCancellationRequested();
                    var want = (int)Math.Min(ChunkBytes, end - at);
                    var read = RandomAccess.Read(source, buffer.AsSpan(0, want), at);
                    if (read == 0)
                    {
                        // The file shrank under us: report what was copied; the caller sees the short count.
                        copied = at;
                        return hasher.GetCurrentHash();
                    }
                    RandomAccess.Write(target, buffer.AsSpan(0, read), at);
                    hasher.Append(buffer.AsSpan(0, read));
                    at += read;
                }
                offset = end;
            }
            AppendZeros(hasher, length - offset);
            copied = length;
            // A source that grew since it was measured would be copied short: detect it by one more read.
            if (RandomAccess.Read(source, buffer.AsSpan(0, 1), length) > 0)
                copied = length + 1;
            return hasher.GetCurrentHash();
        }
        catch (IOException e)
        {
            error = e.HResult & 0xFFFF;
            error = error is > 0 and < 4096 ? error : Libc.EIO;
            return default;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The XXH3-128 of the first <paramref name="length"/> bytes of <paramref name="file"/>, holes not read.</summary>
    public static Hash128 Hash(SafeFileHandle file, long length, CancellationToken ct)
    {
        var hasher = new Xxh3Hasher();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long offset = 0;
            foreach (var (start, end) in Extents(file, length))
            {
                AppendZeros(hasher, start - offset);
                for (var at = start; at < end;)
                {
                    ct.ThrowIfCancellationRequested();
                    var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(ChunkBytes, end - at)), at);
                    if (read == 0)
                        throw new IOException($"the file ended at {at} bytes, before its {length}");
                    hasher.Append(buffer.AsSpan(0, read));
                    at += read;
                }
                offset = end;
            }
            AppendZeros(hasher, length - offset);
            return hasher.GetCurrentHash();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes a whole file by path; the errno through <paramref name="error"/> if it cannot be opened or read.</summary>
    public static Hash128 HashPath(string path, long length, out int error, CancellationToken ct)
    {
        error = Posix.Open(path, Libc.ORdOnly | Libc.ONoFollow, 0, out var file);
        if (error != 0)
            return default;
        using (file)
        {
            try
            {
                return Hash(file, length, ct);
            }
            catch (IOException)
            {
                error = Libc.EIO;
                return default;
            }
        }
    }

    /// <summary>The data extents [start, end) of the first <paramref name="length"/> bytes.</summary>
    private static IEnumerable<(long Start, long End)> Extents(SafeFileHandle file, long length)
    {
        var fd = (int)file.DangerousGetHandle();
        long offset = 0;
        while (offset < length)
        {
            var data = Libc.Lseek(fd, offset, Libc.SeekData);
            if (data < 0)
            {
                var error = Libc.LastError;
                if (error == Libc.ENXIO)
                    yield break; // only a hole remains
                // No SEEK_DATA on this file system: all of it is data.
                yield return (offset, length);
                yield break;
            }
            if (data >= length)
                yield break;
            var hole = Libc.Lseek(fd, data, Libc.SeekHole);
            if (hole < 0 || hole > length)
                hole = length;
            yield return (data, hole);
            offset = hole;
        }
    }

    private static void AppendZeros(Xxh3Hasher hasher, long count)
    {
        while (count > 0)
        {
            var n = (int)Math.Min(count, s_zeros.Length);
            hasher.Append(s_zeros.AsSpan(0, n));
            count -= n;
        }
    }

    private static int Truncate(SafeFileHandle file, long length) =>
        Libc.Ftruncate((int)file.DangerousGetHandle(), length) == 0 ? 0 : Libc.LastError;
}
