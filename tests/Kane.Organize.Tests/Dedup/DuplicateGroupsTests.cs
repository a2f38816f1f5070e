using Kane.Organize.Catalog;
using Kane.Organize.Dedup;
using Kane.Organize.Scanning;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Dedup;

public sealed class DuplicateGroupsTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private static CatalogFile F(long id, string path, long size, string? hash, ulong inode) =>
        new(id, path, size, 0, 1, inode, hash, null, null, null, null, null, null, null, false, null);

    [Fact]
    public void The_first_path_in_ordinal_order_is_the_original()
    {
        var groups = DuplicateGroups.Find([F(1, "/s/b", 5, "h", 10), F(2, "/s/a", 5, "h", 11), F(3, "/s/c", 5, "h", 12)]);

        var g = Assert.Single(groups);
        Assert.Equal("/s/a", g.Original.Path);
        Assert.Equal(["/s/b", "/s/c"], g.Duplicates.Select(d => d.Path));
        Assert.Equal(10, g.Reclaimable);
    }

    [Fact]
    public void Without_a_byte_check_the_groups_are_those_of_a_byte_check_that_always_agrees()
    {
        // The plain search sorts once; the byte-checked one clusters per inode. With a check that always says "same"
        // they must give the same groups, members and order, whatever the mix of sizes, hashes and hard links.
        var random = new Random(9);
        for (var round = 0; round < 50; round++)
        {
            var files = Enumerable.Range(0, random.Next(0, 60)).Select(i => F(i, $"/s/{random.Next(0, 1000):D4}-{i}", random.Next(0, 4),
                random.Next(0, 6) == 0 ? null : "h" + random.Next(0, 3), (ulong)random.Next(0, 25))).OrderBy(_ => random.Next()).ToList();

            var plain = DuplicateGroups.Find(files);
            var checkedGroups = DuplicateGroups.Find(files, (_, _) => true);

            Assert.Equal(checkedGroups.Select(g => (g.Original.Id, string.Join(",", g.Duplicates.Select(d => d.Id)))),
                plain.Select(g => (g.Original.Id, string.Join(",", g.Duplicates.Select(d => d.Id)))));
        }
    }

    [Fact]
    public void Hard_links_to_one_inode_are_one_file_not_duplicates()
    {
        Assert.Empty(DuplicateGroups.Find([F(1, "/s/a", 5, "h", 10), F(2, "/s/b", 5, "h", 10)]));

        // A hard link of a duplicate is a duplicate too, but its bytes are reclaimed once.
        var g = Assert.Single(DuplicateGroups.Find([F(1, "/s/a", 5, "h", 10), F(2, "/s/b", 5, "h", 11), F(3, "/s/c", 5, "h", 11)]));
        Assert.Equal(2, g.Duplicates.Count);
        Assert.Equal(5, g.Reclaimable);
    }

    [Fact]
    public void Empty_files_are_never_duplicates()
    {
        Assert.Empty(DuplicateGroups.Find([F(1, "/s/a", 0, "h", 10), F(2, "/s/b", 0, "h", 11)]));
    }

    [Fact]
    public void The_byte_check_splits_a_group_whose_contents_differ()
    {
        var files = new[] { F(1, "/s/a", 5, "h", 10), F(2, "/s/b", 5, "h", 11), F(3, "/s/c", 5, "h", 12) };

        var groups = DuplicateGroups.Find(files, (x, y) => (x.Path, y.Path) is ("/s/a", "/s/c"));

        var g = Assert.Single(groups);
        Assert.Equal(("/s/a", "/s/c"), (g.Original.Path, Assert.Single(g.Duplicates).Path));
    }

    [Fact]
    public void Staged_hashing_finds_equal_files_and_tells_same_size_different_content_apart()
    {
        var big = new byte[200_000];
        new Random(7).NextBytes(big);
        var bigOther = (byte[])big.Clone();
        bigOther[100_000] ^= 1; // same size, head and tail: only the full hash tells them apart
        _t.File("src/big1.bin", big);
        _t.File("src/big2.bin", big);
        _t.File("src/big3.bin", bigOther);
        _t.Text("src/s1.txt", "abc");
        _t.Text("src/s2.txt", "abd");
        _t.Text("src/s3.txt", "abc");
        _t.Text("src/lonely.txt", "a size of its own");
        _t.File("src/e1", []);
        _t.File("src/e2", []);
        var scanned = DirectoryWalker.Walk([_t.P("src")], []).Files;
        var files = scanned.Select((s, i) => new CatalogFile(i + 1, s.Path, s.Size, s.MtimeMs, s.Device, s.Inode, null, null, null, null, null, null, null, null, false, null)).ToList();

        var (hashes, errors) = StagedHasher.Hash([.. files.Select(f => new HashCandidate(f.Id, f.Path, f.Size, f.Device, f.Inode))], 2, CancellationToken.None);
        var hashed = files.Select(f => f with { Hash = hashes.FirstOrDefault(h => h.Id == f.Id).Hash }).ToList();
        var groups = DuplicateGroups.Find(hashed);

        Assert.Empty(errors);
        Assert.Null(hashed.Single(f => f.Path.EndsWith("lonely.txt", StringComparison.Ordinal)).Hash);
        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g.Original.Path == _t.P("src/big1.bin") && g.Duplicates.Select(d => d.Path).SequenceEqual([_t.P("src/big2.bin")]));
        Assert.Contains(groups, g => g.Original.Path == _t.P("src/s1.txt") && g.Duplicates.Select(d => d.Path).SequenceEqual([_t.P("src/s3.txt")]));
        Assert.True(ByteCompare.Same(_t.P("src/big1.bin"), _t.P("src/big2.bin")));
        Assert.False(ByteCompare.Same(_t.P("src/big1.bin"), _t.P("src/big3.bin")));
    }

    [Fact]
    public void Staged_hashing_reads_names_relative_to_their_folder_whatever_their_bytes()
    {
        var content = new byte[3000];
        new Random(3).NextBytes(content);
        // Same folder: a plain name, a non-ASCII one and one that is not UTF-8 on disk (the scan reports such a name
        // and records nothing, so it is added by hand here); another folder with a copy.
        _t.File("src/one/plain.bin", content);
        _t.File("src/one/ünïcødé 写真.bin", content);
        var badName = Kane.Organize.Tests.Moving.Scratch.Write(_t.P("src/one/bad-utf8-\uDCFF\uDCFE.bin"), content);
        _t.File("src/two/copy.bin", content);
        _t.File("src/two/other.bin", [.. content.Reverse()]);
        _t.File("src/two/gone.bin", content);
        var scanned = DirectoryWalker.Walk([_t.P("src")], []).Files;
        File.Delete(_t.P("src/two/gone.bin")); // removed after the scan: an error for it, not for the others
        var files = scanned.Select((s, i) => new HashCandidate(i + 1, s.Path, s.Size, s.Device, s.Inode)).ToList();
        Assert.Equal(0, Kane.Organize.Moving.Internal.Posix.Stat(badName, out var bad));
        files.Add(new HashCandidate(100, badName, bad.Size, bad.Device, bad.Inode));

        var (hashes, errors) = StagedHasher.Hash(files, 2, CancellationToken.None);

        var gone = Assert.Single(errors);
        Assert.Equal(files.Single(f => f.Path.EndsWith("gone.bin", StringComparison.Ordinal)).Id, gone.Id);
        Assert.Contains("ENOENT", gone.Error, StringComparison.Ordinal);
        var same = files.Where(f => !f.Path.EndsWith("other.bin", StringComparison.Ordinal) && !f.Path.EndsWith("gone.bin", StringComparison.Ordinal)).Select(f => f.Id).ToHashSet();
        Assert.Equal(4, same.Count);
        Assert.Single(hashes.Where(h => same.Contains(h.Id)).Select(h => h.Hash).Distinct());
        Assert.Equal(4, hashes.Count(h => same.Contains(h.Id)));
        Assert.DoesNotContain(hashes, h => !same.Contains(h.Id));
    }

    [Fact]
    public void Staged_hashing_reads_an_inode_once_and_skips_links_alone_at_their_size()
    {
        _t.File("src/a.bin", [1, 2, 3, 4, 5]);
        File.CreateSymbolicLink(_t.P("src/ignored-link"), _t.P("src/a.bin")); // not a regular file: the scan leaves it
        Assert.Equal(0, Kane.Organize.Moving.Internal.Posix.Link(_t.P("src/a.bin"), _t.P("src/a-link.bin")));
        _t.File("src/copy.bin", [1, 2, 3, 4, 5]);
        _t.File("src/six.bin", [1, 2, 3, 4, 5, 6]);
        Assert.Equal(0, Kane.Organize.Moving.Internal.Posix.Link(_t.P("src/six.bin"), _t.P("src/six-link.bin")));
        var files = DirectoryWalker.Walk([_t.P("src")], []).Files.Select((s, i) => new HashCandidate(i + 1, s.Path, s.Size, s.Device, s.Inode)).ToList();

        var (hashes, errors) = StagedHasher.Hash(files, 2, CancellationToken.None);

        Assert.Empty(errors);
        var byPath = hashes.ToDictionary(h => files.Single(f => f.Id == h.Id).Path, h => h.Hash);
        Assert.Equal([_t.P("src/a-link.bin"), _t.P("src/a.bin"), _t.P("src/copy.bin")], byPath.Keys.Order(StringComparer.Ordinal));
        Assert.Single(byPath.Values.Distinct());
    }
}
