using Kane.Organize.Signatures;
using static Kane.Organize.Signatures.FileCategory;
using static Kane.Organize.Tests.Signatures.Prefixes;

namespace Kane.Organize.Tests.Signatures;

public sealed class FileClassifierTests
{
    // Every content signature, with a file name whose extension says nothing (.bin) so the content alone decides.
    public static TheoryData<string, byte[], FileCategory, string> ContentCases => new()
    {
        { "jpeg", Jpeg, Images, "jpeg" },
        { "png", Png, Images, "png" },
        { "gif87a", Bytes("GIF87a", 0x40, 0x01, 0xF0, 0x00), Images, "gif" },
        { "gif89a", Bytes("GIF89a", 0x40, 0x01, 0xF0, 0x00), Images, "gif" },
        { "webp", Riff("WEBP", "VP8 "), Images, "webp" },
        { "heic", Ftyp("heic", "mif1", "heic"), Images, "heic" },
        { "heif", Ftyp("mif1", "heic"), Images, "heif" },
        { "avif", Ftyp("avif", "mif1", "miaf"), Images, "avif" },
        { "avif by compatible brand", Ftyp("zzzz", "isom", "avif"), Images, "avif" },
        { "tiff little-endian", Bytes("II", 0x2A, 0x00, U32Le(8)), Images, "tiff" },
        { "tiff big-endian", Bytes("MM", 0x00, 0x2A, U32Be(8)), Images, "tiff" },
        { "bmp", Bytes("BM", U32Le(1_000_054), U32Le(0), U32Le(54), U32Le(40), U32Le(1000), U32Le(250)), Images, "bmp" },
        { "psd", Bytes("8BPS", 0, 1, Zeros(6)), Images, "psd" },
        { "mp4", Ftyp("isom", "isom", "iso2", "avc1", "mp41"), Videos, "mp4" },
        { "mp4 v2", Ftyp("mp42", "mp42", "isom"), Videos, "mp4" },
        { "mov", Ftyp("qt  ", "qt  "), Videos, "mov" },
        { "mov without ftyp", Bytes(U32Be(0x20), "wide", Zeros(8), U32Be(1000), "mdat"), Videos, "mov" },
        { "3gp", Ftyp("3gp4", "isom", "3gp4"), Videos, "3gp" },
        { "mkv", Ebml("matroska"), Videos, "matroska" },
        { "webm", Ebml("webm"), Videos, "webm" },
        { "mpeg transport stream", MpegTs(5), Videos, "mpeg-ts" },
        { "avi", Riff("AVI ", "LIST"), Videos, "avi" },
        { "ogg theora", Ogg(Bytes(0x80, "theora", 3, 2, 1)), Videos, "ogv" },
        { "mp3 with id3v2", Bytes("ID3", 4, 0, 0, 0, 0, 0, 10, "TIT2", Zeros(6), 0xFF, 0xFB, 0x90, 0x64), Audio, "mp3" },
        { "mp3 frames", Bytes(Mp3Frame, Mp3Frame), Audio, "mp3" },
        { "aac adts frames", Bytes(AdtsFrame(100), AdtsFrame(120)), Audio, "aac" },
        { "flac", Bytes("fLaC", 0x00, 0x00, 0x00, 0x22, Zeros(34)), Audio, "flac" },
        { "flac behind id3v2", Bytes("ID3", 3, 0, 0, 0, 0, 0, 4, Zeros(4), "fLaC", 0x80), Audio, "flac" },
        { "ogg vorbis", Ogg(Bytes(1, "vorbis", Zeros(23))), Audio, "ogg" },
        { "ogg opus", Ogg(Bytes("OpusHead", 1, 2, Zeros(9))), Audio, "opus" },
        { "wav", Riff("WAVE", "fmt "), Audio, "wav" },
        { "m4a", Ftyp("M4A ", "M4A ", "mp42", "isom"), Audio, "m4a" },
        { "pdf", Bytes("%PDF-1.7\n%", 0xE2, 0xE3, 0xCF, 0xD3, "\n1 0 obj"), Documents, "pdf" },
        { "pdf after junk", Bytes(Zeros(300), "%PDF-1.4\n"), Documents, "pdf" },
        { "ole compound document", Bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, Zeros(16), 0x3E, 0x00, 0x03, 0x00), Documents, "ole" },
        { "rtf", Bytes("{\\rtf1\\ansi\\deff0 {\\fonttbl"), Documents, "rtf" },
        { "docx", Bytes(ZipEntry("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"), ZipEntry("_rels/.rels", "")), Documents, "ooxml" },
        { "xlsx with content types later", Bytes(ZipEntry("docProps/app.xml", "<x/>"), ZipEntry("xl/workbook.xml", "<w/>")), Documents, "ooxml" },
        { "odt", Bytes(ZipEntry("mimetype", "application/vnd.oasis.opendocument.text"), ZipEntry("content.xml", "")), Documents, "odf" },
        { "epub", Bytes(ZipEntry("mimetype", "application/epub+zip"), ZipEntry("META-INF/container.xml", "")), Documents, "epub" },
        { "zip", Bytes(ZipEntry("a.txt", "hello"), ZipEntry("b/c.txt", "world")), Archives, "zip" },
        { "empty zip", Bytes(U32Le(0x06054B50), Zeros(18)), Archives, "zip" },
        { "jar", Bytes(ZipEntry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")), Archives, "jar" },
        { "gzip", Bytes(0x1F, 0x8B, 0x08, 0x00, U32Le(0), 0x00, 0x03), Archives, "gzip" },
        { "bzip2", Bytes("BZh9", 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, Zeros(4)), Archives, "bzip2" },
        { "empty bzip2", Bytes("BZh9", 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, Zeros(4)), Archives, "bzip2" },
        { "xz", Bytes(0xFD, "7zXZ", 0x00, 0x00, 0x04), Archives, "xz" },
        { "7z", Bytes("7z", 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04), Archives, "7z" },
        { "rar 4", Bytes("Rar!", 0x1A, 0x07, 0x00, 0xCF, 0x90, 0x73), Archives, "rar" },
        { "rar 5", Bytes("Rar!", 0x1A, 0x07, 0x01, 0x00, 0x33, 0x92), Archives, "rar" },
        { "zstd", Bytes(0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x05), Archives, "zstd" },
        { "tar", Tar(), Archives, "tar" },
        { "shell script", Bytes("#!/bin/sh\nset -e\n"), Code, "script" },
        { "env script", Bytes("#! /usr/bin/env python3\nprint(1)\n"), Code, "script" },
    };

    [Theory]
    [MemberData(nameof(ContentCases))]
    public void Content_signature_decides_the_category(string description, byte[] head, FileCategory category, string format)
    {
        var result = FileClassifier.Classify(head, "unnamed.bin");
        Assert.True(category == result.Category && format == result.Format && result.Source == ClassificationSource.Content,
            $"{description}: got {result}");
    }

    [Fact]
    public void Content_wins_over_a_wrong_extension_and_the_mismatch_is_reported()
    {
        var result = FileClassifier.Classify(Png, "/photos/report.pdf");
        Assert.Equal(new Classification(Images, "png", ClassificationSource.Content, ExtensionMismatch: true), result);
        Assert.False(FileClassifier.Classify(Jpeg, "IMG_0001.JPG").ExtensionMismatch);
    }

    [Theory]
    [InlineData("report.docx", Documents)] // a zip whose document entries lie beyond the head
    [InlineData("book.epub", Documents)]
    [InlineData("bundle.zip", Archives)]
    public void A_compatible_extension_names_the_variant_of_a_generic_container(string name, FileCategory category)
    {
        var result = FileClassifier.Classify(Bytes(ZipEntry("docProps/core.xml", "<x/>")), name);
        Assert.Equal((category, ClassificationSource.Content, false), (result.Category, result.Source, result.ExtensionMismatch));
    }

    [Fact]
    public void A_generic_mp4_called_m4a_is_audio_and_a_generic_matroska_called_mka_too()
    {
        Assert.Equal(Audio, FileClassifier.Classify(Ftyp("isom", "isom", "mp42"), "song.m4a").Category);
        Assert.Equal(Videos, FileClassifier.Classify(Ftyp("isom", "isom", "mp42"), "clip.mp4").Category);
        Assert.Equal(Audio, FileClassifier.Classify(Ebml("matroska"), "album.mka").Category);
    }

    [Theory]
    [InlineData("notes.txt", Documents, "txt")]
    [InlineData("README.md", Documents, "md")]
    [InlineData("Program.cs", Code, "cs")]
    [InlineData("build.gradle", Code, "gradle")]
    [InlineData("Makefile", Code, "makefile")]
    [InlineData("IMG_0001.JPG", Images, "jpg")]
    [InlineData("song.mp3", Audio, "mp3")]
    [InlineData("movie.MKV", Videos, "mkv")]
    [InlineData("backup.tar.gz", Archives, "gz")]
    [InlineData("component.ts", Code, "ts")]
    [InlineData("data.bin", Other, "")]
    [InlineData(".bashrc", Other, "")]
    [InlineData("trailing.", Other, "")]
    [InlineData("no extension", Other, "")]
    public void Without_a_signature_the_extension_decides(string name, FileCategory category, string format)
    {
        var result = FileClassifier.Classify("plain text, no magic here\n"u8, name);
        Assert.Equal((category, format), (result.Category, result.Format));
        Assert.Equal(category == Other ? ClassificationSource.None : ClassificationSource.Extension, result.Source);
    }

    [Fact]
    public void An_empty_file_is_classified_by_its_name()
    {
        Assert.Equal(Audio, FileClassifier.Classify([], "silence.mp3").Category);
        Assert.Equal(Other, FileClassifier.Classify([], "empty").Category);
    }

    [Fact]
    public void Truncated_or_near_miss_prefixes_are_not_taken_for_a_format()
    {
        Assert.Equal(Other, FileClassifier.Classify(Bytes(0xFF, 0xD8), "x.bin").Category); // two bytes of a JPEG marker
        Assert.Equal(Documents, FileClassifier.Classify("BM is also how this note begins"u8, "note.txt").Category);
        Assert.Equal(Other, FileClassifier.Classify(Bytes("RIFF", U32Le(100), "XXXX"), "x.bin").Category);
        Assert.Equal(Other, FileClassifier.Classify(Bytes("BZh9", "not pi"), "x.bin").Category);
        // One MPEG frame header followed by something else is noise, not audio.
        Assert.Equal(Other, FileClassifier.Classify(Bytes(0xFF, 0xFB, 0x90, 0x64, Zeros(500)), "x.bin").Category);
        Assert.Equal(Other, FileClassifier.Classify(Bytes(0xFF, 0xF1, 0x50, 0x80, 0x0C, 0x9F, 0xFC, Zeros(200)), "x.bin").Category);
        Assert.Equal(Other, FileClassifier.Classify(Bytes(Zeros(257), "ustaz\0"), "x.bin").Category);
        var brokenStream = MpegTs(5);
        brokenStream[3 * 188] = 0x48;
        Assert.Equal(Other, FileClassifier.Classify(brokenStream, "x.bin").Category);
    }

    [Fact]
    public void Every_truncation_and_random_corruption_of_a_signature_is_classified_without_error()
    {
        // The probes read lengths and offsets out of the head; none may step outside it, however the bytes lie.
        var random = new Random(11);
        foreach (var row in ContentCases)
        {
            var head = (byte[])row[1];
            for (var length = 0; length <= head.Length; length++)
                FileClassifier.Classify(head.AsSpan(0, length), "x.bin");
            for (var trial = 0; trial < 200; trial++)
            {
                var corrupt = (byte[])head.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                    corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
                var result = FileClassifier.Classify(corrupt.AsSpan(0, random.Next(corrupt.Length + 1)), "x.bin");
                Assert.NotNull(result.Format);
            }
        }
        for (var trial = 0; trial < 2000; trial++)
        {
            var bytes = new byte[random.Next(0, 4097)];
            random.NextBytes(bytes);
            Assert.NotNull(FileClassifier.Classify(bytes, "x.bin").Format);
        }
    }

    [Fact]
    public void Folder_names_are_the_lower_case_category_names()
    {
        Assert.Equal(["images", "videos", "audio", "documents", "archives", "code", "other"],
            Enum.GetValues<FileCategory>().Select(c => c.FolderName()));
    }
}
