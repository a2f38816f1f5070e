using System.Buffers.Binary;
using static Kane.Organize.Signatures.FileCategory;

namespace Kane.Organize.Signatures.Internal;

/// <summary>
/// Zip archives, and the documents that are zip archives underneath: OOXML (docx, xlsx, pptx: a
/// <c>[Content_Types].xml</c> entry or <c>word/</c>, <c>xl/</c>, <c>ppt/</c> entries), OpenDocument and EPUB (a
/// stored <c>mimetype</c> entry first). Local file headers are walked as far as the head reaches; an entry whose
/// size is only known after its data (flag bit 3) ends the walk, and so does the end of the head. What the walk
/// does not see is left to the extension (see <see cref="FileClassifier"/>'s refinements).
/// </summary>
internal static class ZipProbe
{
    private const int LocalHeaderLength = 30;

    public static Detected? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4 || head[0] != 'P' || head[1] != 'K')
            return null;
        if (head[2] == 5 && head[3] == 6)
            return new("zip", Archives); // an empty archive: only the end-of-directory record
        if (head[2] != 3 || head[3] != 4)
            return null;
        var at = 0;
        while (at + LocalHeaderLength <= head.Length && BinaryPrimitives.ReadUInt32LittleEndian(head[at..]) == 0x04034B50)
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(head[(at + 6)..]);
            var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(head[(at + 18)..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(at + 26)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(at + 28)..]);
            var nameStart = at + LocalHeaderLength;
            if (nameStart + nameLength > head.Length)
                break;
            var name = head.Slice(nameStart, nameLength);
            var dataStart = nameStart + nameLength + extraLength;
            if (Entry(name, head, dataStart, compressedSize) is { } found)
                return found;
            if ((flags & 0x8) != 0 || dataStart + (long)compressedSize > head.Length)
                break;
            at = dataStart + (int)compressedSize;
        }
        return new("zip", Archives);
    }

    private static Detected? Entry(ReadOnlySpan<byte> name, ReadOnlySpan<byte> head, int dataStart, uint size)
    {
        if (name.SequenceEqual("[Content_Types].xml"u8) || name.StartsWith("word/"u8) || name.StartsWith("xl/"u8) || name.StartsWith("ppt/"u8))
            return new("ooxml", Documents);
        if (name.SequenceEqual("META-INF/MANIFEST.MF"u8))
            return new("jar", Archives);
        if (!name.SequenceEqual("mimetype"u8) || dataStart + (long)size > head.Length)
            return null;
        var mimetype = head.Slice(dataStart, (int)size);
        if (mimetype.StartsWith("application/vnd.oasis.opendocument."u8))
            return new("odf", Documents);
        if (mimetype.SequenceEqual("application/epub+zip"u8))
            return new("epub", Documents);
        return null;
    }
}
