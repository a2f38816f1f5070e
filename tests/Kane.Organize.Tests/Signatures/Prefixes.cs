using System.Buffers.Binary;
using System.Text;

namespace Kane.Organize.Tests.Signatures;

/// <summary>Real file prefixes of each format, built field by field as the format's specification lays them out.</summary>
internal static class Prefixes
{
    public static byte[] Bytes(params object[] parts)
    {
        var output = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string s: output.AddRange(Encoding.Latin1.GetBytes(s)); break;
                case byte[] b: output.AddRange(b); break;
                case byte b: output.Add(b); break;
                case int i: output.Add(checked((byte)i)); break;
                default: throw new ArgumentException($"cannot encode {part.GetType()}");
            }
        }
        return output.ToArray();
    }

    public static byte[] U32Le(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }

    public static byte[] U32Be(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }

    public static byte[] U16Le(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }

    public static byte[] Zeros(int n) => new byte[n];

    public static byte[] Jpeg => Bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, "JFIF", 0, 1, 1, 0, 0, 1, 0, 1, 0, 0);

    public static byte[] Png => Bytes(0x89, "PNG", 0x0D, 0x0A, 0x1A, 0x0A, U32Be(13), "IHDR", U32Be(640), U32Be(480), 8, 6, 0, 0, 0);

    public static byte[] Riff(string form, string firstChunk) => Bytes("RIFF", U32Le(1000), form, firstChunk, U32Le(16), Zeros(16));

    /// <summary>An ISO-BMFF <c>ftyp</c> box with a major brand and compatible brands.</summary>
    public static byte[] Ftyp(string major, params string[] compatible) =>
        Bytes(U32Be((uint)(16 + 4 * compatible.Length)), "ftyp", major, U32Be(0), string.Concat(compatible), U32Be(8), "mdat");

    /// <summary>An EBML header naming its DocType, as Matroska and WebM files begin.</summary>
    public static byte[] Ebml(string docType) =>
        Bytes(0x1A, 0x45, 0xDF, 0xA3, 0x80 | (4 + 4 + 3 + docType.Length), 0x42, 0x86, 0x81, 1, 0x42, 0xF7, 0x81, 1,
            0x42, 0x82, 0x80 | docType.Length, docType, 0x18, 0x53, 0x80, 0x67);

    /// <summary>The first Ogg page: a 27-byte header, a one-entry segment table, then the codec's first packet.</summary>
    public static byte[] Ogg(byte[] packet) =>
        Bytes("OggS", 0, 2, Zeros(8), U32Le(0x1234), U32Le(0), U32Le(0xDEADBEEF), 1, packet.Length, packet);

    /// <summary>An MPEG-1 layer III frame header, 128 kbit/s, 44.1 kHz: frames are 417 bytes without padding.</summary>
    public static byte[] Mp3Frame => Bytes(0xFF, 0xFB, 0x90, 0x64, Zeros(413));

    /// <summary>An ADTS AAC frame header (AAC LC, 44.1 kHz, stereo) for a frame of <paramref name="length"/> bytes.</summary>
    public static byte[] AdtsFrame(int length) =>
        Bytes(0xFF, 0xF1, 0x50, 0x80 | ((length >> 11) & 3), (length >> 3) & 0xFF, ((length & 7) << 5) | 0x1F, 0xFC, Zeros(length - 7));

    /// <summary><paramref name="packets"/> MPEG-TS packets: sync byte, PID 0 (the PAT), payload.</summary>
    public static byte[] MpegTs(int packets) =>
        Bytes(Enumerable.Range(0, packets).Select(_ => Bytes(0x47, 0x40, 0x00, 0x10, Zeros(184))).SelectMany(p => p).ToArray());

    /// <summary>A zip local file header for a stored entry, then its data.</summary>
    public static byte[] ZipEntry(string name, string content) =>
        Bytes(U32Le(0x04034B50), U16Le(20), U16Le(0), U16Le(0), U16Le(0), U16Le(0), U32Le(0),
            U32Le((uint)content.Length), U32Le((uint)content.Length), U16Le((ushort)name.Length), U16Le(0), name, content);

    /// <summary>A POSIX tar header block: name, mode, ..., <c>ustar\0</c> and version <c>00</c> at 257.</summary>
    public static byte[] Tar()
    {
        var block = new byte[512];
        Encoding.ASCII.GetBytes("notes.txt").CopyTo(block, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        block[156] = (byte)'0';
        Encoding.ASCII.GetBytes("ustar\u000000").CopyTo(block, 257);
        return block;
    }
}
