using Kane.Organize.Hashing;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Tests.Moving;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SafeMoverTests : IDisposable
{
    private readonly Scratch _s = new();

    [Fact]
    public void A_move_within_a_file_system_renames_the_file_and_journals_it_done()
    {
        var content = Scratch.Content(1, 5000);
        var source = Scratch.Write($"{_s.Disk}/in/photo.jpg", content);
        var target = $"{_s.Disk}/out/images/2024/photo.jpg";
        Assert.Equal(0, Posix.Stat(source, out var before));
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(source, target, content), journal);

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.False(result.Copied);
        Assert.False(Scratch.Exists(source));
        Assert.Equal(content, Scratch.Read(target));
        Assert.Equal(0, Posix.Stat(target, out var after));
        Assert.Equal(before.Inode, after.Inode);
        Assert.Equal(MoveState.Done, Assert.Single(journal.Entries).State);
    }

    [Fact]
    public void A_move_across_file_systems_copies_verifies_keeps_mode_and_mtime_and_deletes_the_source()
    {
        var content = Scratch.Content(2, 3_000_000);
        var source = Scratch.Write($"{_s.Disk}/in/video.mp4", content);
        File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var mtime = new DateTime(2019, 5, 17, 10, 30, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, mtime);
        var target = $"{_s.Shm}/videos/2019/05/video.mp4";
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(source, target, content), journal);

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.True(result.Copied);
        Assert.False(Scratch.Exists(source));
        Assert.Equal(content, Scratch.Read(target));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
        Assert.Empty(Scratch.Leftovers(_s.Shm));
        Assert.True(Assert.Single(journal.Entries).Copied);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_existing_target_with_other_content_is_never_overwritten(bool acrossFileSystems)
    {
        var content = Scratch.Content(3, 1000);
        var other = Scratch.Content(4, 1000);
        var source = Scratch.Write($"{_s.Disk}/in/a.txt", content);
        var target = Scratch.Write($"{(acrossFileSystems ? _s.Shm : _s.Disk)}/out/a.txt", other);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(source, target, content), journal);

        Assert.Equal(MoveOutcome.Failed, result.Outcome);
        Assert.Equal(MoveFailure.TargetExists, result.Failure);
        Assert.Contains("never overwritten", result.Message);
        Assert.Equal(content, Scratch.Read(source));
        Assert.Equal(other, Scratch.Read(target));
        Assert.Equal(MoveState.Failed, Assert.Single(journal.Entries).State);
    }

    [Fact]
    public void A_source_that_changed_since_it_was_hashed_is_not_copied_and_stays()
    {
        var planned = Scratch.Content(5, 70_000);
        var now = Scratch.Content(6, 70_000);
        var source = Scratch.Write($"{_s.Disk}/in/doc.pdf", now);
        var target = $"{_s.Shm}/out/doc.pdf";
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(source, target, planned), journal);

        Assert.Equal(MoveFailure.ContentMismatch, result.Failure);
        Assert.Equal(now, Scratch.Read(source));
        Assert.False(Scratch.Exists(target));
        Assert.Empty(Scratch.Leftovers(_s.Shm));
    }

    [Fact]
    public void A_source_whose_size_changed_since_it_was_scanned_stays_even_within_a_file_system()
    {
        var content = Scratch.Content(13, 500);
        var source = Scratch.Write($"{_s.Disk}/in/grew.log", content);
        using var journal = _s.Journal();

        var result = SafeMover.Move(new MoveRequest(source, $"{_s.Disk}/out/grew.log", 400, null), journal);

        Assert.Equal(MoveFailure.ContentMismatch, result.Failure);
        Assert.Contains("changed since it was scanned", result.Message);
        Assert.Equal(content, Scratch.Read(source));
    }

    [Fact]
    public void Moving_again_after_success_reports_already_done_and_changes_nothing()
    {
        var content = Scratch.Content(7, 100);
        var source = Scratch.Write($"{_s.Disk}/in/x.bin", content);
        var target = $"{_s.Shm}/out/x.bin";
        using var journal = _s.Journal();
        var request = Scratch.Request(source, target, content);
        Assert.Equal(MoveOutcome.Moved, SafeMover.Move(request, journal).Outcome);

        Assert.Equal(MoveOutcome.AlreadyDone, SafeMover.Move(request, journal).Outcome);
        Assert.Equal(content, Scratch.Read(target));
    }

    [Fact]
    public void A_move_missing_from_the_journal_whose_target_is_in_place_is_already_done()
    {
        // A rerun of the organize command after its journal was lost: the file system alone shows the move finished.
        var content = Scratch.Content(8, 100);
        var target = Scratch.Write($"{_s.Disk}/out/x.bin", content);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request($"{_s.Disk}/in/x.bin", target, content), journal);

        Assert.Equal(MoveOutcome.AlreadyDone, result.Outcome);
    }

    [Fact]
    public void A_missing_source_fails_with_a_message_naming_it()
    {
        using var journal = _s.Journal();
        var result = SafeMover.Move(new MoveRequest($"{_s.Disk}/nope.txt", $"{_s.Disk}/out/nope.txt", 1, null), journal);
        Assert.Equal(MoveFailure.SourceMissing, result.Failure);
        Assert.Contains("nope.txt", result.Message);
    }

    [Fact]
    public void A_symbolic_link_is_not_moved()
    {
        var real = Scratch.Write($"{_s.Disk}/in/real.txt", [1, 2, 3]);
        var link = $"{_s.Disk}/in/link.txt";
        File.CreateSymbolicLink(link, real);
        using var journal = _s.Journal();

        var result = SafeMover.Move(new MoveRequest(link, $"{_s.Shm}/out/link.txt", 3, null), journal);

        Assert.Equal(MoveFailure.SourceNotRegular, result.Failure);
        Assert.True(File.Exists(link));
    }

    [Fact]
    public void Relative_paths_and_dot_segments_are_refused()
    {
        using var journal = _s.Journal();
        Assert.Throws<ArgumentException>(() => SafeMover.Move(new MoveRequest("a.txt", "/tmp/b.txt", 1, null), journal));
        Assert.Throws<ArgumentException>(() => SafeMover.Move(new MoveRequest("/tmp/x/../etc/passwd", "/tmp/b.txt", 1, null), journal));
        Assert.Throws<ArgumentException>(() => SafeMover.Move(new MoveRequest("/tmp/a", "/tmp/a", 1, null), journal));
    }

    public static TheoryData<string> AwkwardNames() => new()
    {
        "with space.txt",
        "quote ' and \" both.txt",
        "-leading-dash.txt",
        "--rf",
        "new\nline.txt",
        "tab\there.txt",
        "bad-utf8-\uDCFF\uDCFE.txt",
        "ünïcødé 写真.jpg",
        new string('n', 251) + ".txt",
    };

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public void Awkward_names_move_within_and_across_file_systems(string name)
    {
        var content = Scratch.Content(name.Length, 2000);
        var source1 = Scratch.Write($"{_s.Disk}/in/{name}", content);
        var source2 = Scratch.Write($"{_s.Disk}/in2/{name}", content);
        using var journal = _s.Journal();

        var same = SafeMover.Move(Scratch.Request(source1, $"{_s.Disk}/out/{name}", content), journal);
        var across = SafeMover.Move(Scratch.Request(source2, $"{_s.Shm}/out/{name}", content), journal);

        Assert.Equal(MoveOutcome.Moved, same.Outcome);
        Assert.Equal(MoveOutcome.Moved, across.Outcome);
        Assert.Equal(content, Scratch.Read($"{_s.Disk}/out/{name}"));
        Assert.Equal(content, Scratch.Read($"{_s.Shm}/out/{name}"));
        Assert.False(Scratch.Exists(source1));
        Assert.False(Scratch.Exists(source2));
        // The journal gives the exact name back, raw bytes included.
        journal.Dispose();
        Assert.Contains(MoveJournal.Read(_s.Journals, "run1"), e => e.Request.Source == source2 && e.State == MoveState.Done);
    }

    [Fact]
    public void An_empty_file_moves_across_file_systems()
    {
        var source = Scratch.Write($"{_s.Disk}/in/empty", []);
        using var journal = _s.Journal();
        var result = SafeMover.Move(Scratch.Request(source, $"{_s.Shm}/out/empty", []), journal);
        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.Empty(Scratch.Read($"{_s.Shm}/out/empty")!);
    }

    [Fact]
    public void A_sparse_file_stays_sparse_when_copied_across_file_systems()
    {
        const long length = 256L << 20; // 256 MiB apparent, a few KiB of data
        var source = $"{_s.Disk}/in/sparse.img";
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        using (var f = File.OpenHandle(source, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.SetLength(f, length);
            RandomAccess.Write(f, "head"u8.ToArray(), 0);
            RandomAccess.Write(f, "middle"u8.ToArray(), length / 2);
            RandomAccess.Write(f, "tail"u8.ToArray(), length - 4);
        }
        Hash128 expected;
        using (var f = File.OpenHandle(source))
        {
            expected = SparseCopy.Hash(f, length, default);
            // The hole-skipping hash equals a plain hash of every byte.
            Assert.Equal(expected, MoveRequest.ExpectedOf(FileHashing.Full(f, ContentHashAlgorithm.Xxh128).Hash));
        }
        var target = $"{_s.Shm}/out/sparse.img";
        using var journal = _s.Journal();

        var result = SafeMover.Move(new MoveRequest(source, target, length, expected), journal);

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.Equal(0, Posix.Stat(target, out var stat));
        Assert.Equal(length, stat.Size);
        Assert.True(stat.Blocks * 512 < 1 << 20, $"the copy allocates {stat.Blocks * 512} bytes");
        using (var f = File.OpenHandle(target))
        {
            Assert.Equal(expected, SparseCopy.Hash(f, length, default));
            var middle = new byte[6];
            RandomAccess.Read(f, middle, length / 2);
            Assert.Equal("middle"u8.ToArray(), middle);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_10_gb_sparse_file_moves_across_file_systems_in_seconds_and_stays_sparse()
    {
        const long length = 10L << 30;
        var source = $"{_s.Disk}/in/huge.img";
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        var chunk = Scratch.Content(12, 1 << 20);
        using (var f = File.OpenHandle(source, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.SetLength(f, length);
            for (var gib = 0L; gib < 10; gib++)
                RandomAccess.Write(f, chunk, gib << 30);
        }
        Hash128 expected;
        using (var f = File.OpenHandle(source))
            expected = SparseCopy.Hash(f, length, default);
        var target = $"{_s.Shm}/out/huge.img";
        using var journal = _s.Journal();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = SafeMover.Move(new MoveRequest(source, target, length, expected), journal);
        Console.WriteLine($"10 GiB sparse file moved across file systems in {started.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.Equal(0, Posix.Stat(target, out var stat));
        Assert.Equal(length, stat.Size);
        Assert.True(stat.Blocks * 512 < 64L << 20, $"the copy allocates {stat.Blocks * 512} bytes");
        Assert.False(Scratch.Exists(source));
    }

    [Fact]
    public void Move_all_journals_the_batch_then_moves_each_file()
    {
        using var journal = _s.Journal();
        var requests = Enumerable.Range(0, 20).Select(i =>
        {
            var content = Scratch.Content(i, 100 + i);
            var fs = i % 2 == 0 ? _s.Disk : _s.Shm;
            return Scratch.Request(Scratch.Write($"{_s.Disk}/in/{i}.dat", content), $"{fs}/out/{i}.dat", content);
        }).ToArray();

        var results = SafeMover.MoveAll(requests, journal);

        Assert.All(results, r => Assert.Equal(MoveOutcome.Moved, r.Outcome));
        Assert.All(requests, r => Assert.False(Scratch.Exists(r.Source)));
        Assert.All(requests, r => Assert.True(Scratch.Exists(r.Target)));
        Assert.Equal(20, journal.Entries.Count(e => e.State == MoveState.Done));
    }

    [Fact]
    public void The_expected_hash_of_a_pipeline_content_hash_is_its_xxh3_value_and_none_for_sha256()
    {
        var data = Scratch.Content(11, 10_000);
        Assert.Equal(Xxh3.Hash128(data), MoveRequest.ExpectedOf(ContentHasher.HashData(ContentHashAlgorithm.Xxh128, data)));
        Assert.Null(MoveRequest.ExpectedOf(ContentHasher.HashData(ContentHashAlgorithm.Sha256, data)));
    }

    public void Dispose() => _s.Dispose();
}
