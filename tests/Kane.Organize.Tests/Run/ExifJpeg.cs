using System.Buffers.Binary;
using System.Text;

namespace Kane.Organize.Tests.Run;

/// <summary>A minimal JPEG with an EXIF block holding DateTimeOriginal and the camera model (little-endian TIFF).</summary>
internal static class ExifJpeg
{
    public static byte[] Make(DateTime taken, string model, int padding = 0)
    {
        var date = Encoding.ASCII.GetBytes(taken.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "\0");
        var modelBytes = Encoding.ASCII.GetBytes(model + "\0");
        var tiff = new byte[76 + modelBytes.Length];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        // IFD0 at 8: Model, then the Exif sub-IFD pointer.
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 2);
        Entry(tiff, 10, 0x0110, 2, (uint)modelBytes.Length, 76);
        Entry(tiff, 22, 0x8769, 4, 1, 38);
        // Sub-IFD at 38: DateTimeOriginal.
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(38), 1);
        Entry(tiff, 40, 0x9003, 2, 20, 56);
        date.CopyTo(tiff, 56);
        modelBytes.CopyTo(tiff, 76);
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var jpeg = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF) };
        jpeg.AddRange(payload);
        if (padding > 0)
        {
            // A comment segment makes files of one camera and date differ in size and content.
            jpeg.AddRange([0xFF, 0xFE, (byte)((padding + 2) >> 8), (byte)((padding + 2) & 0xFF)]);
            jpeg.AddRange(Enumerable.Range(0, padding).Select(i => (byte)('a' + i % 26)));
        }
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    private static void Entry(byte[] b, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), value);
    }
}
