using Kane.Organize.Scanning;
using Kane.Organize.Scanning.Internal;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Scanning;

public sealed class DirectoryWalkerTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Awkward_names_are_found_with_their_sizes()
    {
        var names = new[] { "with space.txt", "quo\"te's.txt", "-leading-dash.txt", "new\nline.txt", new string('x', 251) + ".txt", "ünï€ode.txt", ".hidden" };
        for (var i = 0; i < names.Length; i++) _t.File("src/" + names[i], new byte[i + 1]);

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Empty(result.Issues);
        Assert.Equal(names.Select(n => _t.P("src/" + n)).Order(StringComparer.Ordinal), result.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        for (var i = 0; i < names.Length; i++)
            Assert.Equal(i + 1, result.Files.Single(f => f.Path == _t.P("src/" + names[i])).Size);
    }

    [Fact]
    public void Symlinks_are_reported_and_not_followed_even_when_they_loop()
    {
        _t.Text("src/a/file.txt", "hello");
        File.CreateSymbolicLink(_t.P("src/a/loop"), _t.P("src"));
        File.CreateSymbolicLink(_t.P("src/link.txt"), _t.P("src/a/file.txt"));

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal([_t.P("src/a/file.txt")], result.Files.Select(f => f.Path));
        Assert.Equal([_t.P("src/a/loop"), _t.P("src/link.txt")], result.Issues.Where(i => i.Kind == ScanIssueKinds.Symlink).Select(i => i.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fifos_are_skipped_and_reported()
    {
        _t.Text("src/ok.txt", "x");
        _t.Shell("mkfifo src/pipe");

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal([_t.P("src/ok.txt")], result.Files.Select(f => f.Path));
        var issue = Assert.Single(result.Issues);
        Assert.Equal((_t.P("src/pipe"), ScanIssueKinds.Special), (issue.Path, issue.Kind));
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_reported_as_a_bad_name_and_left_alone()
    {
        _t.Text("src/fine.txt", "x");
        _t.Shell("touch src/$'bad\\xffname'");

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal([_t.P("src/fine.txt")], result.Files.Select(f => f.Path));
        Assert.Equal(ScanIssueKinds.BadName, Assert.Single(result.Issues).Kind);
        Assert.True(ScanIssueKinds.IsError(ScanIssueKinds.BadName));
    }

    [Fact]
    public void Hard_links_share_device_and_inode()
    {
        var a = _t.Text("src/a.txt", "same inode");
        _t.Shell("ln src/a.txt src/b.txt");

        var files = DirectoryWalker.Walk([_t.P("src")], []).Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();

        Assert.Equal(2, files.Count);
        Assert.Equal((files[0].Device, files[0].Inode), (files[1].Device, files[1].Inode));
        Assert.Equal(2ul, files[0].Links);
        Assert.Equal(a, files[0].Path);
    }

    [Fact]
    public void An_excluded_folder_inside_the_source_is_not_entered()
    {
        _t.Text("src/keep.txt", "x");
        _t.Text("src/dst/already-organised.txt", "y");

        var result = DirectoryWalker.Walk([_t.P("src")], [_t.P("src/dst")]);

        Assert.Equal([_t.P("src/keep.txt")], result.Files.Select(f => f.Path));
    }

    [Fact]
    public void A_deep_tree_is_walked_to_the_bottom()
    {
        var deep = string.Join("/", Enumerable.Repeat("d", 400));
        _t.Text("src/" + deep + "/bottom.txt", "x");

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal(_t.P("src/" + deep + "/bottom.txt"), Assert.Single(result.Files).Path);
        Assert.Equal(401, result.Directories);
    }

    [Fact]
    public void A_budget_leaves_folders_over_for_later_walks_and_together_they_find_everything()
    {
        for (var d = 0; d < 20; d++)
            for (var f = 0; f < 5; f++)
                _t.Text($"src/d{d:D2}/f{f}.txt", $"{d}/{f}");

        var first = DirectoryWalker.Walk([_t.P("src")], [], budget: 10, parallelism: 1);
        Assert.NotEmpty(first.Leftover);
        var found = first.Files.Select(f => f.Path).ToList();
        var pending = first.Leftover.ToList();
        while (pending.Count > 0)
        {
            var next = DirectoryWalker.Walk(pending, [], budget: 10, parallelism: 1);
            found.AddRange(next.Files.Select(f => f.Path));
            pending = [.. next.Leftover];
        }

        Assert.Equal(100, found.Count);
        Assert.Equal(100, found.Distinct().Count());
    }

    [Fact]
    public void A_missing_root_is_reported_not_thrown()
    {
        var result = DirectoryWalker.Walk([_t.P("nope")], []);

        Assert.Empty(result.Files);
        Assert.Equal(ScanIssueKinds.Unreadable, Assert.Single(result.Issues).Kind);
    }

    [Fact]
    public void Size_time_and_identity_of_a_file_are_those_lstat_reads()
    {
        var path = _t.File("src/a/b/data.bin", new byte[12_345], new DateTime(2021, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc));

        var file = Assert.Single(DirectoryWalker.Walk([_t.P("src")], []).Files);

        var expected = NativeStat.Lstat(path).Info!.Value;
        Assert.Equal(path, file.Path);
        Assert.Equal((expected.Size, expected.MtimeMs, expected.Device, expected.Inode, expected.Links), (file.Size, file.MtimeMs, file.Device, file.Inode, file.Links));
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 5, 6, 7, 890, TimeSpan.Zero).ToUnixTimeMilliseconds(), file.MtimeMs);
    }

    [Fact]
    public void A_name_of_255_bytes_in_multibyte_utf8_is_found()
    {
        var name = string.Concat(Enumerable.Repeat("€", 85)); // 85 x 3 bytes
        Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(name));
        var path = _t.Text("src/" + name, "x");

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Empty(result.Issues);
        Assert.Equal(path, Assert.Single(result.Files).Path);
    }

    [Fact]
    public void A_socket_is_skipped_and_reported()
    {
        _t.Text("src/ok.txt", "x");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(_t.P("src/sock")));

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal([_t.P("src/ok.txt")], result.Files.Select(f => f.Path));
        var issue = Assert.Single(result.Issues);
        Assert.Equal((_t.P("src/sock"), ScanIssueKinds.Special), (issue.Path, issue.Kind));
        Assert.Contains("socket", issue.Reason);
    }

    [Fact]
    public void A_folder_whose_name_is_not_utf8_is_reported_and_not_entered()
    {
        _t.Text("src/fine/ok.txt", "x");
        _t.Shell("mkdir src/$'dir\\xfe' && touch src/$'dir\\xfe'/inside.txt");

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal([_t.P("src/fine/ok.txt")], result.Files.Select(f => f.Path));
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ScanIssueKinds.BadName, issue.Kind);
        Assert.Equal(_t.P("src/dir\uFFFD"), issue.Path);
    }

    [Fact]
    public void A_folder_with_thousands_of_entries_is_listed_completely()
    {
        // More entries than one 64 KiB getdents64 buffer holds, so the listing takes several reads.
        for (var i = 0; i < 3000; i++) _t.File($"src/many/{i:D4}-{new string('n', 40)}", []);

        var result = DirectoryWalker.Walk([_t.P("src")], []);

        Assert.Equal(3000, result.Files.Count);
        Assert.Equal(3000, result.Files.Select(f => f.Path).Distinct().Count());
    }
}
