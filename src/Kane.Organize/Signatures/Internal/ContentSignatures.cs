using System.Buffers.Binary;
using static Kane.Organize.Signatures.FileCategory;

namespace Kane.Organize.Signatures.Internal;

/// <summary>
/// The content signatures, strongest first: fixed magic bytes at an offset, then the probes that look inside a
/// container (RIFF form, ISO-BMFF brand, EBML doc type, Ogg codec, zip entries, ID3 payload), then tar's
/// <c>ustar</c> at 257, MPEG-TS packet syncs, a script's <c>#!</c> line and the PDF header anywhere in the first
/// KiB, and last the MPEG audio frame sync, which is weak on its own and so must be confirmed by a second frame header.
/// </summary>
internal static class ContentSignatures
{
    private static readonly Detector[] Table =
    [
        Magic("jpeg", Images, 0, [0xFF, 0xD8, 0xFF]),
        Magic("png", Images, 0, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        Magic("gif", Images, 0, "GIF87a"u8.ToArray()),
        Magic("gif", Images, 0, "GIF89a"u8.ToArray()),
        Magic("tiff", Images, 0, [(byte)'I', (byte)'I', 0x2A, 0x00]),
        Magic("tiff", Images, 0, [(byte)'M', (byte)'M', 0x00, 0x2A]),
        Magic("psd", Images, 0, "8BPS"u8.ToArray()),
        Bmp,
        Riff,
        IsoMedia.Detect,
        IsoMedia.DetectQuickTimeWithoutFtyp,
        Matroska,
        Magic("flac", Audio, 0, "fLaC"u8.ToArray()),
        Ogg,
        Id3,
        Magic("ole", Documents, 0, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        Magic("rtf", Documents, 0, "{\\rtf"u8.ToArray()),
        ZipProbe.Detect,
        Magic("gzip", Archives, 0, [0x1F, 0x8B, 0x08]),
        Bzip2,
        Magic("xz", Archives, 0, [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]),
        Magic("7z", Archives, 0, [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C]),
        Magic("rar", Archives, 0, [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, 0x00]),
        Magic("rar", Archives, 0, [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, 0x01, 0x00]),
        Magic("zstd", Archives, 0, [0x28, 0xB5, 0x2F, 0xFD]),
        Tar,
        Pdf,
        MpegTransportStream,
        Shebang,
        MpegAudio.DetectFrameSync,
    ];

    /// <summary>The first signature that matches <paramref name="head"/>, or null.</summary>
    public static Detected? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var detector in Table)
        {
            if (detector(head) is { } found)
                return found;
        }
        return null;
    }

    private static Detector Magic(string format, FileCategory category, int offset, byte[] magic) =>
        head => head.Length >= offset + magic.Length && head.Slice(offset, magic.Length).SequenceEqual(magic)
            ? new Detected(format, category)
            : null;

    private static bool At(ReadOnlySpan<byte> head, int offset, ReadOnlySpan<byte> bytes) =>
        head.Length >= offset + bytes.Length && head.Slice(offset, bytes.Length).SequenceEqual(bytes);

    private static Detected? Bmp(ReadOnlySpan<byte> head)
    {
        // "BM" alone starts plenty of text; the reserved words are zero and the DIB header size is one of the known ones.
        if (head.Length < 18 || !At(head, 0, "BM"u8) || BinaryPrimitives.ReadUInt32LittleEndian(head[6..]) != 0)
            return null;
        return BinaryPrimitives.ReadUInt32LittleEndian(head[14..]) is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124 ? new Detected("bmp", Images) : null;
    }

    private static Detected? Riff(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !At(head, 0, "RIFF"u8))
            return null;
        var form = head[8..12];
        if (form.SequenceEqual("WEBP"u8))
            return new("webp", Images);
        if (form.SequenceEqual("AVI "u8))
            return new("avi", Videos);
        if (form.SequenceEqual("WAVE"u8))
            return new("wav", Audio);
        return null;
    }

    private static Detected? Matroska(ReadOnlySpan<byte> head)
    {
        if (!At(head, 0, [0x1A, 0x45, 0xDF, 0xA3]))
            return null;
        // The EBML header names its DocType (element 0x4282) within its first few dozen bytes.
        var window = head[..Math.Min(head.Length, 64)];
        var at = window.IndexOf([(byte)0x42, (byte)0x82]);
        if (at >= 0 && at + 3 <= window.Length && (window[at + 2] & 0x80) != 0)
        {
            var length = window[at + 2] & 0x7F;
            if (at + 3 + length <= window.Length && window.Slice(at + 3, length).SequenceEqual("webm"u8))
                return new("webm", Videos);
        }
        return new("matroska", Videos);
    }

    private static Detected? Ogg(ReadOnlySpan<byte> head)
    {
        if (!At(head, 0, "OggS"u8))
            return null;
        // The first page holds one segment: the codec's identification header, right after the 27-byte page header
        // and its one-byte segment table.
        const int packet = 28;
        if (At(head, packet, [0x80, (byte)'t', (byte)'h', (byte)'e', (byte)'o', (byte)'r', (byte)'a']))
            return new("ogv", Videos);
        if (At(head, packet, "OpusHead"u8))
            return new("opus", Audio);
        // Vorbis, FLAC-in-Ogg, Speex: audio.
        return new("ogg", Audio);
    }

    private static Detected? Id3(ReadOnlySpan<byte> head)
    {
        if (head.Length < 10 || !At(head, 0, "ID3"u8) || head[3] is < 2 or > 4)
            return null;
        // An ID3v2 tag (syncsafe size) may front FLAC as well as MPEG audio: look past it when the head reaches.
        var size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F);
        var after = 10 + size;
        if (At(head, after, "fLaC"u8))
            return new("flac", Audio);
        return new("mp3", Audio);
    }

    private static Detected? Bzip2(ReadOnlySpan<byte> head)
    {
        if (head.Length < 10 || !At(head, 0, "BZh"u8) || head[3] is < (byte)'1' or > (byte)'9')
            return null;
        // A block starts with the digits of pi, an empty stream ends at once with those of sqrt(pi).
        var next = head[4..10];
        return next.SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
            || next.SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
            ? new Detected("bzip2", Archives)
            : null;
    }

    private static Detected? Tar(ReadOnlySpan<byte> head) =>
        At(head, 257, "ustar\0"u8) || At(head, 257, "ustar "u8) ? new Detected("tar", Archives) : null;

    private static Detected? MpegTransportStream(ReadOnlySpan<byte> head)
    {
        // 188-byte packets, each starting with the sync byte 0x47: every packet start in the head, at least three.
        const int packet = 188;
        if (head.Length < 2 * packet + 1)
            return null;
        for (var at = 0; at < head.Length; at += packet)
        {
            if (head[at] != 0x47)
                return null;
        }
        return new Detected("mpeg-ts", Videos);
    }

    private static Detected? Shebang(ReadOnlySpan<byte> head) =>
        // An interpreter line ("#!/bin/sh", "#!/usr/bin/env python3") makes an extension-less file a script.
        At(head, 0, "#!/"u8) || At(head, 0, "#! /"u8) ? new Detected("script", Code) : null;

    private static Detected? Pdf(ReadOnlySpan<byte> head) =>
        // Readers accept the header anywhere in the first 1,024 bytes (some generators prepend junk).
        head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0 ? new Detected("pdf", Documents) : null;
}
