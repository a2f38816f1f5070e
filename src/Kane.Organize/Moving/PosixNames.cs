using System.Buffers;
using System.Text;

namespace Kane.Organize.Moving;

/// <summary>
/// Lossless conversion between Linux path bytes and .NET strings. Linux names are any bytes but '/' and NUL, not
/// necessarily UTF-8; .NET decodes such a name with U+FFFD and can then no longer open the file. Here valid UTF-8
/// decodes as usual and every byte of an invalid sequence becomes the lone surrogate U+DC80..U+DCFF (the
/// "surrogateescape" convention), which <see cref="ToBytes"/> turns back into that byte. For valid UTF-8 names
/// both directions equal <see cref="Encoding.UTF8"/>. The mover passes every path through <see cref="ToBytes"/>, so a
/// scanner that reads raw names (getdents) and decodes them with <see cref="FromBytes"/> can move any file.
/// </summary>
public static class PosixNames
{
    /// <summary>The string form of raw name or path bytes.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < consumed; i++)
                    text.Append((char)(0xDC00 + bytes[i]));
            }
            bytes = bytes[consumed..];
        }
        return text.ToString();
    }

    /// <summary>The raw bytes of <paramref name="path"/>, without a terminating NUL.</summary>
    /// <exception cref="ArgumentException">The path holds a NUL character.</exception>
    public static byte[] ToBytes(string path)
    {
        var buffer = new ArrayBufferWriter<byte>(path.Length + 8);
        Write(path, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The raw bytes of <paramref name="path"/> followed by a NUL, for a system call.</summary>
    internal static byte[] ToCString(string path)
    {
        var buffer = new ArrayBufferWriter<byte>(path.Length + 8);
        Write(path, buffer);
        buffer.Write([(byte)0]);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>True when <paramref name="path"/> holds escaped bytes, i.e. is not valid UTF-8 on disk.</summary>
    public static bool HasEscapedBytes(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (IsEscapedByte(path, i))
                return true;
            if (char.IsHighSurrogate(path[i]) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
                i++;
        }
        return false;
    }

    private static void Write(string path, ArrayBufferWriter<byte> output)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\0')
                throw new ArgumentException("a path cannot hold a NUL character", nameof(path));
            if (IsEscapedByte(path, i))
            {
                output.Write([(byte)(c - 0xDC00)]);
                continue;
            }
            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                rune = new Rune(c, path[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                rune = Rune.ReplacementChar;
            }
            else
            {
                rune = new Rune(c);
            }
            var written = rune.EncodeToUtf8(utf8);
            output.Write(utf8[..written]);
        }
    }

    // A lone low surrogate in U+DC80..U+DCFF (not the second half of a pair) stands for one raw byte >= 0x80.
    private static bool IsEscapedByte(string path, int i) =>
        path[i] is >= '\uDC80' and <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(path[i - 1]));
}
