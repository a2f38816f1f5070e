using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Kane.Organize.Hashing;
using Kane.Organize.Moving.Internal;
using Kane.Organize.Samples;
using Kane.Organize.Samples.Internal;
using Kane.Organize.Signatures;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Directory = System.IO.Directory;

namespace Kane.Organize.Tests.Samples;

public sealed class SampleTreeTests : IDisposable
{
    private readonly string _root = $"/tmp/kane-samples-{Guid.NewGuid():N}";

    private static readonly SampleTreeOptions Small = SampleTreeOptions.Default with { Files = 600, Seed = 7, MeanFileBytes = 6_000, MaxFileBytes = 256 * 1024 };

    private string Make(string name, SampleTreeOptions options)
    {
        var dir = Path.Combine(_root, name);
        SampleTree.Generate(dir, options);
        return dir;
    }

    private static Dictionary<string, Hash128> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Xxh3.Hash128(File.ReadAllBytes(f)), StringComparer.Ordinal);

    [Fact]
    public void The_same_seed_makes_the_same_tree_and_another_seed_another()
    {
        var a = Snapshot(Make("a", Small));
        var b = Snapshot(Make("b", Small));
        var c = Snapshot(Make("c", Small with { Seed = 8 }));

        Assert.Equal(a.OrderBy(kv => kv.Key, StringComparer.Ordinal), b.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.NotEqual(a.Keys.Order(StringComparer.Ordinal), c.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_report_matches_the_files_on_disk_with_about_a_tenth_duplicates_some_hard_linked()
    {
        var options = Small with { Files = 2000 };
        var dir = Path.Combine(_root, "t");
        var report = SampleTree.Generate(dir, options);
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToArray();

        Assert.Equal(2000, files.Length);
        Assert.Equal(report.Files, files.Length);
        Assert.InRange(report.Duplicates, 140, 260);
        Assert.InRange(report.HardLinks, 1, report.Duplicates - 1);
        Assert.True(report.Empty > 0);
        Assert.True(report.WrongExtension > 0);
        Assert.Equal(report.Empty, files.Count(f => new FileInfo(f).Length == 0));
        var inodes = files.Select(f => { Posix.Stat(f, out var s); return (s.Inode, s.Size); }).ToArray();
        Assert.Equal(report.Bytes, inodes.Distinct().Sum(i => i.Size));
        Assert.Equal(files.Length - report.HardLinks, inodes.Select(i => i.Inode).Distinct().Count());
        // Every planned duplicate holds its original's bytes; tiny text files may also coincide by chance, as in life.
        var (_, plan) = SamplePlanner.Plan(options);
        foreach (var file in plan.Where(f => f.DuplicateOf >= 0))
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, plan[file.DuplicateOf].RelativePath)), File.ReadAllBytes(Path.Combine(dir, file.RelativePath)));
        var groups = files.Where(f => new FileInfo(f).Length > 0).GroupBy(f => Xxh3.Hash128(File.ReadAllBytes(f))).Where(g => g.Count() > 1).ToArray();
        Assert.InRange(groups.Sum(g => g.Count() - 1), report.Duplicates, report.Duplicates * 11 / 10);
        Assert.True(Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Any(d => Path.GetRelativePath(dir, d).Count(c => c == '/') >= 2), "folders nest");
    }

    [Fact]
    public void The_mean_file_size_follows_the_option()
    {
        var options = Small with { Files = 4000, MeanFileBytes = 10_000, MaxFileBytes = 64L << 20 };
        var (_, files) = SamplePlanner.Plan(options);
        var nonEmpty = files.Where(f => f.Size > 0 && !f.HardLink && f.DuplicateOf < 0).ToArray();
        Assert.InRange(nonEmpty.Average(f => f.Size), 7_000, 13_000);
        Assert.Equal(10, files.Select(f => f.Size).Distinct().Take(10).Count());
    }

    [Fact]
    public void Every_jpeg_reads_back_with_its_exif_date_and_camera_model()
    {
        var dir = Make("exif", Small);
        var (_, plan) = SamplePlanner.Plan(Small);
        var jpegs = plan.Where(f => f.Kind == SampleKind.Jpeg && f.Size > 0).ToArray();
        Assert.NotEmpty(jpegs);
        foreach (var file in jpegs.Take(60))
        {
            var directories = ImageMetadataReader.ReadMetadata(Path.Combine(dir, file.RelativePath));
            var subIfd = directories.OfType<ExifSubIfdDirectory>().Single();
            Assert.True(subIfd.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var taken), file.RelativePath);
            Assert.Equal(file.Date, DateTime.SpecifyKind(taken, DateTimeKind.Utc));
            Assert.Equal(file.Camera, directories.OfType<ExifIfd0Directory>().Single().GetString(ExifDirectoryBase.TagModel));
            Assert.Equal(file.Modified, File.GetLastWriteTimeUtc(Path.Combine(dir, file.RelativePath)));
        }
    }

    [Fact]
    public void The_classifier_sees_each_file_as_what_it_holds_and_flags_the_misleading_extensions()
    {
        var dir = Make("kinds", Small with { WrongExtensionFraction = 0.2 });
        var (_, plan) = SamplePlanner.Plan(Small with { WrongExtensionFraction = 0.2 });
        var expected = new Dictionary<SampleKind, FileCategory>
        {
            [SampleKind.Jpeg] = FileCategory.Images,
            [SampleKind.Png] = FileCategory.Images,
            [SampleKind.Mp3] = FileCategory.Audio,
            [SampleKind.Mp4] = FileCategory.Videos,
            [SampleKind.Pdf] = FileCategory.Documents,
            [SampleKind.Zip] = FileCategory.Archives,
        };
        var head = new byte[FileHashing.SampleLength];
        var mismatches = 0;
        foreach (var file in plan.Where(f => f.Size > 0 && expected.ContainsKey(f.Kind)))
        {
            using var handle = FileHashing.OpenRead(Path.Combine(dir, file.RelativePath));
            FileHashing.Head(handle, ContentHashAlgorithm.Xxh128, head, out var length);
            var classification = FileClassifier.Classify(head.AsSpan(0, length), file.RelativePath);
            Assert.True(expected[file.Kind] == classification.Category, $"{file.RelativePath} ({file.Kind}) classified {classification}");
            Assert.Equal(ClassificationSource.Content, classification.Source);
            if (file.WrongExtension && file.DuplicateOf < 0)
            {
                Assert.True(classification.ExtensionMismatch, $"{file.RelativePath} should be flagged");
                mismatches++;
            }
        }
        Assert.True(mismatches > 0);
    }

    [Fact]
    public void Archives_pdfs_and_pngs_are_well_formed()
    {
        var dir = Make("formats", Small);
        var (_, plan) = SamplePlanner.Plan(Small);
        foreach (var file in plan.Where(f => f.Size > 0 && f.DuplicateOf < 0 && !f.WrongExtension))
        {
            var path = Path.Combine(dir, file.RelativePath);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(file.Size, bytes.Length);
            switch (file.Kind)
            {
                case SampleKind.Zip:
                    using (var zip = ZipFile.OpenRead(path))
                    {
                        var entry = Assert.Single(zip.Entries);
                        using var reader = new StreamReader(entry.Open());
                        Assert.Equal(entry.Length, reader.ReadToEnd().Length);
                        Assert.Equal(Crc32.Compute(bytes.AsSpan(30 + entry.Name.Length, (int)entry.Length)), entry.Crc32);
                    }
                    break;
                case SampleKind.Pdf:
                    var text = Encoding.Latin1.GetString(bytes);
                    Assert.StartsWith("%PDF-1.4", text);
                    Assert.EndsWith("%%EOF\n", text);
                    var startxref = long.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0]);
                    Assert.StartsWith("xref\n0 8", text[(int)startxref..]);
                    break;
                case SampleKind.Png:
                    var at = 8;
                    var types = new List<string>();
                    while (at < bytes.Length)
                    {
                        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
                        types.Add(Encoding.ASCII.GetString(bytes, at + 4, 4));
                        Assert.Equal(Crc32.Compute(bytes.AsSpan(at + 4, 4 + length)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length)));
                        at += 12 + length;
                    }
                    Assert.Equal(["IHDR", "IDAT", "kaNe", "IEND"], types);
                    break;
            }
        }
    }

    [Fact]
    public void The_awkward_folder_holds_the_bad_input_the_organizer_must_survive()
    {
        var dir = Path.Combine(_root, "awkward-tree");
        var report = SampleTree.Generate(dir, Small with { Files = 20, Awkward = true, SparseFileBytes = 1L << 30 });
        var awkward = Path.Combine(dir, "awkward");

        Assert.Equal(16, report.Awkward);
        Assert.Equal(0, Posix.Stat(Path.Combine(awkward, "bad-utf8-\uDCFF\uDCFE.txt"), out var bad));
        Assert.True(bad.IsRegular);
        Assert.Equal(0, Posix.Stat(Path.Combine(awkward, "new\nline.txt"), out _));
        Assert.Equal(255, Encoding.UTF8.GetByteCount(Path.GetFileName(Directory.EnumerateFiles(awkward).Single(f => Path.GetFileName(f).StartsWith("nnn", StringComparison.Ordinal)))));
        Assert.Equal(".", new FileInfo(Path.Combine(awkward, "loop")).LinkTarget);
        Assert.Equal(0, Posix.Stat(Path.Combine(awkward, "pipe.fifo"), out var fifo));
        Assert.Equal(0x1000, fifo.Mode & 0xF000);
        Assert.Equal(0, Posix.Stat(Path.Combine(awkward, "sparse.img"), out var sparse));
        Assert.Equal(1L << 30, sparse.Size);
        Assert.True(sparse.Blocks * 512 < 1 << 20);
        Assert.True(File.Exists(Path.Combine(awkward, string.Join('/', Enumerable.Repeat("d", 40)), "leaf.txt")));
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "keep.txt"), "mine");
        var e = Assert.Throws<IOException>(() => SampleTree.Generate(_root, Small));
        Assert.Contains("not empty", e.Message);
    }

    [Fact]
    public void Bad_options_are_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Small with { DuplicateFraction = 2 }).Validate());
        Assert.Equal(nameof(SampleTreeOptions.DuplicateFraction), e.ParamName);
    }

    public void Dispose()
    {
        // Names that are not UTF-8 defeat Directory.Delete.
        if (Directory.Exists(_root))
            System.Diagnostics.Process.Start("rm", ["-rf", _root])!.WaitForExit();
    }
}
