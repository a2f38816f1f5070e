using System.Buffers;
using Kane.Organize.Hashing;

namespace Kane.Organize.Dedup;

/// <summary>Compares two files byte by byte (the <c>--paranoid</c> check that a hash match is no collision).</summary>
public static class ByteCompare
{
    public static bool Same(string a, string b, CancellationToken cancellationToken = default)
    {
        using var ha = FileHashing.OpenRead(a);
        using var hb = FileHashing.OpenRead(b);
        if (RandomAccess.GetLength(ha) != RandomAccess.GetLength(hb)) return false;
        var ba = ArrayPool<byte>.Shared.Rent(FileHashing.FullReadLength);
        var bb = ArrayPool<byte>.Shared.Rent(FileHashing.FullReadLength);
        try
        {
            long offset = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ra = Fill(ha, ba, offset);
                var rb = Fill(hb, bb, offset);
                if (ra != rb || !ba.AsSpan(0, ra).SequenceEqual(bb.AsSpan(0, rb))) return false;
                if (ra == 0) return true;
                offset += ra;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ba);
            ArrayPool<byte>.Shared.Return(bb);
        }
    }

    private static int Fill(Microsoft.Win32.SafeHandles.SafeFileHandle h, byte[] buffer, long offset)
    {
        var total = 0;
        int read;
        while (total < FileHashing.FullReadLength && (read = RandomAccess.Read(h, buffer.AsSpan(total, FileHashing.FullReadLength - total), offset + total)) > 0)
            total += read;
        return total;
    }
}
