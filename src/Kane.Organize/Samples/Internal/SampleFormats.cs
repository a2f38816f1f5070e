using System.Buffers.Binary;
using System.Text;

namespace Kane.Organize.Samples.Internal;

/// <summary>
/// Writes a file of each <see cref="SampleKind"/> into a buffer of exactly the planned size: a real header (a JPEG
/// with an Exif APP1 segment holding DateTimeOriginal, Make and Model; a PNG with IHDR, IDAT and IEND; ID3v2 and MPEG
/// audio frames; an ISO-BMFF ftyp and mdat; a PDF with a page, its xref and trailer; a stored zip), then incompressible
/// filler where the format allows it, so no two files share content unless planned as duplicates.
/// </summary>
internal static class SampleFormats
{
    private static readonly string[] Words =
    [
        "alpha", "river", "stone", "garden", "winter", "summer", "harbor", "market", "letter", "travel", "family", "project",
        "budget", "report", "meeting", "island", "forest", "mountain", "village", "concert", "holiday", "recipe", "invoice",
        "contract", "draft", "final", "review", "notes", "plan", "photo", "music", "video", "lecture", "course", "lake",
        "bridge", "castle", "beach", "school", "office", "kitchen", "bicycle", "coffee", "orange", "silver", "yellow",
    ];

    private static readonly byte[] JpegTail = BuildJpegTail();
    private static readonly byte[] PngImage = BuildPngImage();

    /// <summary>The smallest size each kind can be written in.</summary>
    public static long MinimumSize(SampleKind kind) => kind switch
    {
        SampleKind.Jpeg => 512,
        SampleKind.Png => 1024,
        SampleKind.Mp3 => 1024,
        SampleKind.Mp4 => 64,
        SampleKind.Pdf => 1024,
        SampleKind.Zip => 256,
        _ => 1,
    };

    public static IReadOnlyList<string> WordList => Words;

    public static void Write(Span<byte> destination, SampleFile file)
    {
        var random = new SampleRandom(file.ContentSeed, 0xC0FFEE);
        switch (file.Kind)
        {
            case SampleKind.Jpeg: Jpeg(destination, file, ref random); break;
            case SampleKind.Png: Png(destination, ref random); break;
            case SampleKind.Mp3: Mp3(destination, file, ref random); break;
            case SampleKind.Mp4: Mp4(destination, ref random); break;
            case SampleKind.Pdf: Pdf(destination, file, ref random); break;
            case SampleKind.Text: Text(destination, ref random); break;
            case SampleKind.Code: Code(destination, file, ref random); break;
            case SampleKind.Zip: Zip(destination, file, ref random); break;
            default: random.Fill(destination); break;
        }
    }

    private static void Jpeg(Span<byte> d, SampleFile file, ref SampleRandom random)
    {
        var exif = ExifSegment(file);
        var at = 0;
        d[at++] = 0xFF;
        d[at++] = 0xD8; // SOI
        exif.CopyTo(d[at..]);
        at += exif.Length;
        JpegTail.CopyTo(d[at..]);
        at += JpegTail.Length;
        // After EOI: readers stop at the end of the image; the filler makes each file distinct and sized.
        random.Fill(d[at..]);
    }

    /// <summary>APP1 "Exif": a little-endian TIFF with IFD0 (Make, Model, Exif IFD pointer) and an Exif IFD (DateTimeOriginal).</summary>
    private static byte[] ExifSegment(SampleFile file)
    {
        var make = Encoding.ASCII.GetBytes(CameraMake(file.Camera) + "\0");
        var model = Encoding.ASCII.GetBytes(file.Camera + "\0");
        var date = Encoding.ASCII.GetBytes(file.Date.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "\0");
        const int ifd0 = 8;
        const int ifd0Length = 2 + (3 * 12) + 4;
        var makeAt = ifd0 + ifd0Length;
        var modelAt = makeAt + make.Length;
        var exifIfd = (modelAt + model.Length + 1) & ~1;
        var dateAt = exifIfd + 2 + 12 + 4;
        var tiff = new byte[dateAt + date.Length];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), ifd0);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(ifd0), 3);
        Entry(tiff, ifd0 + 2, 0x010F, 2, (uint)make.Length, (uint)makeAt);
        Entry(tiff, ifd0 + 14, 0x0110, 2, (uint)model.Length, (uint)modelAt);
        Entry(tiff, ifd0 + 26, 0x8769, 4, 1, (uint)exifIfd);
        make.CopyTo(tiff, makeAt);
        model.CopyTo(tiff, modelAt);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(exifIfd), 1);
        Entry(tiff, exifIfd + 2, 0x9003, 2, (uint)date.Length, (uint)dateAt);
        date.CopyTo(tiff, dateAt);

        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment, 10);
        return segment;

        static void Entry(byte[] t, int at, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(at + 8), value);
        }
    }

    private static string CameraMake(string model) => model.Split(' ')[0];

    /// <summary>
    /// An 8×8 grey baseline image after the Exif segment: DQT, SOF0, DHT (one one-bit code per table: DC category 0
    /// and AC end-of-block), SOS, one block coded as "00" padded with ones, EOI.
    /// </summary>
    private static byte[] BuildJpegTail()
    {
        var b = new List<byte>();
        b.AddRange([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        b.AddRange(Enumerable.Repeat((byte)1, 64));
        b.AddRange([0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]);
        b.AddRange([0xFF, 0xC4, 0x00, 0x26]);
        foreach (var tableClass in new byte[] { 0x00, 0x10 })
        {
            b.Add(tableClass);
            b.Add(1);
            b.AddRange(new byte[15]);
            b.Add(0x00);
        }
        b.AddRange([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        b.Add(0x3F);
        b.AddRange([0xFF, 0xD9]);
        return b.ToArray();
    }

    private static void Png(Span<byte> d, ref SampleRandom random)
    {
        PngImage.CopyTo(d);
        var at = PngImage.Length;
        // A private ancillary chunk ("kaNe": ancillary, private, safe to copy) carries the filler, then IEND.
        var fill = d.Length - at - 12 - 12;
        BinaryPrimitives.WriteInt32BigEndian(d[at..], fill);
        "kaNe"u8.CopyTo(d[(at + 4)..]);
        random.Fill(d.Slice(at + 8, fill));
        BinaryPrimitives.WriteUInt32BigEndian(d[(at + 8 + fill)..], Crc32.Compute(d.Slice(at + 4, 4 + fill)));
        at += 12 + fill;
        WritePngChunk(d[at..], "IEND"u8, []);
    }

    /// <summary>Signature, IHDR (16×16 RGB) and an IDAT of zlib-compressed rows.</summary>
    private static byte[] BuildPngImage()
    {
        var raw = new byte[16 * (1 + (16 * 3))];
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                var p = (y * 49) + 1 + (x * 3);
                raw[p] = (byte)(x * 16);
                raw[p + 1] = (byte)(y * 16);
                raw[p + 2] = 128;
            }
        }
        var zlib = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(zlib, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, 16);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), 16);
        ihdr[8] = 8;
        ihdr[9] = 2;
        var idat = zlib.ToArray();
        var png = new byte[8 + 12 + ihdr.Length + 12 + idat.Length];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        var at = 8 + WritePngChunk(png.AsSpan(8), "IHDR"u8, ihdr);
        WritePngChunk(png.AsSpan(at), "IDAT"u8, idat);
        return png;
    }

    private static int WritePngChunk(Span<byte> d, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32BigEndian(d, data.Length);
        type.CopyTo(d[4..]);
        data.CopyTo(d[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[(8 + data.Length)..], Crc32.Compute(d.Slice(4, 4 + data.Length)));
        return 12 + data.Length;
    }

    /// <summary>An ID3v2.3 tag (title, artist), then MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz (417 bytes each).</summary>
    private static void Mp3(Span<byte> d, SampleFile file, ref SampleRandom random)
    {
        var frames = new List<byte>();
        Id3Frame(frames, "TIT2", file.Title);
        Id3Frame(frames, "TPE1", file.Camera);
        "ID3"u8.CopyTo(d);
        d[3] = 3;
        d[4] = 0;
        d[5] = 0;
        var size = frames.Count;
        d[6] = (byte)((size >> 21) & 0x7F);
        d[7] = (byte)((size >> 14) & 0x7F);
        d[8] = (byte)((size >> 7) & 0x7F);
        d[9] = (byte)(size & 0x7F);
        frames.ToArray().CopyTo(d[10..]);
        var at = 10 + size;
        const int frameLength = 417;
        while (at < d.Length)
        {
            var n = Math.Min(frameLength, d.Length - at);
            random.Fill(d.Slice(at, n));
            if (n >= 4)
            {
                d[at] = 0xFF;
                d[at + 1] = 0xFB;
                d[at + 2] = 0x90;
                d[at + 3] = 0x44;
            }
            at += n;
        }
    }

    private static void Id3Frame(List<byte> output, string id, string text)
    {
        var value = Encoding.Latin1.GetBytes(text);
        output.AddRange(Encoding.ASCII.GetBytes(id));
        var length = value.Length + 1;
        output.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0, 0, 0]);
        output.AddRange(value);
    }

    /// <summary>An ftyp box (isom, compatible isom iso2 mp41), then one mdat box filling the rest.</summary>
    private static void Mp4(Span<byte> d, ref SampleRandom random)
    {
        BinaryPrimitives.WriteInt32BigEndian(d, 28);
        "ftypisom"u8.CopyTo(d[4..]);
        BinaryPrimitives.WriteInt32BigEndian(d[12..], 0x200);
        "isomiso2mp41"u8.CopyTo(d[16..]);
        BinaryPrimitives.WriteInt32BigEndian(d[28..], d.Length - 28);
        "mdat"u8.CopyTo(d[32..]);
        random.Fill(d[36..]);
    }

    /// <summary>A one-page PDF 1.4 with a text line, a binary filler stream sized to fit, the xref table and trailer.</summary>
    private static void Pdf(Span<byte> d, SampleFile file, ref SampleRandom random)
    {
        var text = $"BT /F1 18 Tf 72 720 Td ({file.Title}) Tj ET";
        var fill = d.Length - 900;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var (head, tail) = PdfParts(text, fill, file.Date);
            var total = head.Length + fill + tail.Length;
            if (total == d.Length)
            {
                head.CopyTo(d);
                random.Fill(d.Slice(head.Length, fill));
                tail.CopyTo(d[(head.Length + fill)..]);
                return;
            }
            fill += d.Length - total;
        }
        throw new InvalidOperationException($"cannot lay out a PDF of {d.Length} bytes");
    }

    private static (byte[] Head, byte[] Tail) PdfParts(string text, int fill, DateTime date)
    {
        var latin = Encoding.Latin1;
        var offsets = new List<int>();
        var head = new StringBuilder("%PDF-1.4\n%\u00E2\u00E3\u00CF\u00D3\n");
        void Obj(string body)
        {
            offsets.Add(latin.GetByteCount(head.ToString()));
            head.Append(offsets.Count).Append(" 0 obj\n").Append(body).Append("\nendobj\n");
        }
        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        Obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        Obj($"<< /Length {text.Length} >>\nstream\n{text}\nendstream");
        Obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        Obj($"<< /CreationDate (D:{date:yyyyMMddHHmmss}) /Producer (kane samples) >>");
        offsets.Add(latin.GetByteCount(head.ToString()));
        // Fixed-width numbers (leading zeros are valid PDF integers) make the file's length linear in the filler's.
        head.Append("7 0 obj\n<< /Length ").Append(fill.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" >>\nstream\n");
        var headBytes = latin.GetBytes(head.ToString());
        var tail = new StringBuilder("\nendstream\nendobj\n");
        var xref = headBytes.Length + fill + tail.Length;
        tail.Append("xref\n0 8\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            tail.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        tail.Append("trailer\n<< /Size 8 /Root 1 0 R /Info 6 0 R >>\nstartxref\n").Append(xref.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append("\n%%EOF\n");
        return (headBytes, latin.GetBytes(tail.ToString()));
    }

    private static void Text(Span<byte> d, ref SampleRandom random)
    {
        var at = 0;
        var column = 0;
        while (at < d.Length)
        {
            var word = Words[random.Next(Words.Length)];
            for (var i = 0; i < word.Length && at < d.Length; i++)
                d[at++] = (byte)word[i];
            column += word.Length + 1;
            if (at < d.Length)
                d[at++] = (byte)(column > 72 ? '\n' : ' ');
            if (column > 72)
                column = 0;
        }
    }

    private static void Code(Span<byte> d, SampleFile file, ref SampleRandom random)
    {
        var extension = Path.GetExtension(file.RelativePath).ToLowerInvariant();
        var at = 0;
        var n = 0;
        while (at < d.Length)
        {
            var name = Words[random.Next(Words.Length)];
            var k = random.Next(2, 99);
            var line = extension switch
            {
                ".py" => $"def {name}_{n}(x):\n    return x * {k}\n\n",
                ".cs" => $"public static int {char.ToUpperInvariant(name[0])}{name[1..]}{n}(int x) => x * {k};\n",
                ".js" or ".ts" => $"export function {name}{n}(x) {{ return x * {k}; }}\n",
                ".sh" => $"echo \"{name} step {n}\" && sleep 0.{k}\n",
                ".json" => n == 0 ? "{\n" : $"  \"{name}{n}\": {k},\n",
                _ => $"// {name} {n}: {k}\n",
            };
            var bytes = Encoding.ASCII.GetBytes(line);
            var take = Math.Min(bytes.Length, d.Length - at);
            bytes.AsSpan(0, take).CopyTo(d[at..]);
            at += take;
            n++;
        }
    }

    /// <summary>A zip with one stored (uncompressed) text entry sized to fill the archive.</summary>
    private static void Zip(Span<byte> d, SampleFile file, ref SampleRandom random)
    {
        var name = "notes.txt"u8.ToArray();
        var dataLength = d.Length - 30 - 46 - 22 - (2 * name.Length);
        var data = d.Slice(30 + name.Length, dataLength);
        Text(data, ref random);
        var crc = Crc32.Compute(data);
        var time = (ushort)((file.Date.Hour << 11) | (file.Date.Minute << 5) | (file.Date.Second / 2));
        var date = (ushort)(((file.Date.Year - 1980) << 9) | (file.Date.Month << 5) | file.Date.Day);

        BinaryPrimitives.WriteUInt32LittleEndian(d, 0x04034B50);
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], 10);
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(d[10..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(d[12..], date);
        BinaryPrimitives.WriteUInt32LittleEndian(d[14..], crc);
        BinaryPrimitives.WriteInt32LittleEndian(d[18..], dataLength);
        BinaryPrimitives.WriteInt32LittleEndian(d[22..], dataLength);
        BinaryPrimitives.WriteUInt16LittleEndian(d[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(d[28..], 0);
        name.CopyTo(d[30..]);

        var central = 30 + name.Length + dataLength;
        var c = d[central..];
        BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014B50);
        BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(c[6..], 10);
        BinaryPrimitives.WriteUInt16LittleEndian(c[8..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(c[10..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(c[12..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(c[14..], date);
        BinaryPrimitives.WriteUInt32LittleEndian(c[16..], crc);
        BinaryPrimitives.WriteInt32LittleEndian(c[20..], dataLength);
        BinaryPrimitives.WriteInt32LittleEndian(c[24..], dataLength);
        BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)name.Length);
        c.Slice(30, 12).Clear(); // extra, comment, disk, internal and external attributes
        BinaryPrimitives.WriteUInt32LittleEndian(c[42..], 0);
        name.CopyTo(c[46..]);

        var e = c[(46 + name.Length)..];
        BinaryPrimitives.WriteUInt32LittleEndian(e, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(e[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(e[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(e[8..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(e[10..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(e[12..], 46 + name.Length);
        BinaryPrimitives.WriteInt32LittleEndian(e[16..], central);
        BinaryPrimitives.WriteUInt16LittleEndian(e[20..], 0);
    }
}
