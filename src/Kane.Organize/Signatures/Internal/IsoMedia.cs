using System.Buffers.Binary;
using static Kane.Organize.Signatures.FileCategory;

namespace Kane.Organize.Signatures.Internal;

/// <summary>
/// ISO base media files (MP4, MOV, M4A, HEIC, AVIF, 3GP, CR3) share one container; the <c>ftyp</c> box's brands tell
/// what is inside. The major brand decides when it is known; otherwise the compatible brands, image before audio
/// before video (an image file may list video brands, not the reverse).
/// </summary>
internal static class IsoMedia
{
    private static readonly Dictionary<string, Detected> Brands = BuildBrands();

    public static Detected? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head[4..8].SequenceEqual("ftyp"u8))
            return null;
        if (Brand(head[8..12]) is { } major)
            return major;
        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        var end = (int)Math.Min(Math.Max(size, 16), (uint)head.Length);
        Detected? best = null;
        for (var at = 16; at + 4 <= end; at += 4)
        {
            if (Brand(head.Slice(at, 4)) is { } compatible && (best is null || Rank(compatible.Category) < Rank(best.Value.Category)))
                best = compatible;
        }
        // An ftyp box with brands we do not know is still an ISO media file, and those are mostly video.
        return best ?? new Detected("mp4", Videos);
    }

    /// <summary>Old QuickTime movies start with a top-level atom and no <c>ftyp</c>.</summary>
    public static Detected? DetectQuickTimeWithoutFtyp(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(head) < 8)
            return null;
        var atom = head[4..8];
        return atom.SequenceEqual("moov"u8) || atom.SequenceEqual("mdat"u8) || atom.SequenceEqual("wide"u8) || atom.SequenceEqual("pnot"u8)
            ? new Detected("mov", Videos)
            : null;
    }

    private static int Rank(FileCategory category) => category switch { Images => 0, Audio => 1, _ => 2 };

    private static Detected? Brand(ReadOnlySpan<byte> brand)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
            chars[i] = (char)brand[i];
        return Brands.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var found) ? found : null;
    }

    private static Dictionary<string, Detected> BuildBrands()
    {
        var brands = new Dictionary<string, Detected>(StringComparer.Ordinal);
        void Add(string format, FileCategory category, params string[] names)
        {
            foreach (var name in names)
                brands.Add(name, new Detected(format, category));
        }
        Add("heic", Images, "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs");
        Add("heif", Images, "mif1", "msf1");
        Add("avif", Images, "avif", "avis");
        Add("cr3", Images, "crx ");
        Add("jp2", Images, "jp2 ", "jpx ");
        Add("m4a", Audio, "M4A ", "M4B ", "M4P ", "F4A ", "F4B ");
        Add("mov", Videos, "qt  ");
        Add("3gp", Videos, "3gp4", "3gp5", "3gp6", "3gp7", "3ge6", "3ge7", "3gg6", "3g2a", "3g2b", "3g2c");
        Add("mp4", Videos, "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP",
            "dash", "f4v ", "f4p ", "mmp4", "MSNV", "XAVC", "NDAS");
        return brands;
    }
}
