using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Kane.Cli.Tests;

/// <summary>
/// Issue 9's "bad input" list through the real <c>kane organize</c> command line: awkward names, empty, sparse and
/// deep files, links and FIFOs, paths named through symlinks, and targets that cannot be made. Each case: the exit
/// code, the message, and every file once (at its source or its target) with its content unchanged. The table of
/// cases is docs/organize-bad-input.md.
/// </summary>
public sealed class OrganizeBadInputSpec() : CliScratch("kane-org-bad-")
{
    /// <summary>Relative path → SHA-256 of every regular file under <paramref name="root"/> (not following links, not in .kane).</summary>
    private static SortedDictionary<string, string> Contents(string root, long skipHashingOver = 1L << 30)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return result;
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo d)
                {
                    if (d.Name != ".kane") pending.Push(d.FullName);
                }
                else if (entry is FileInfo info && !IsFifo(info.FullName))
                    result[Path.GetRelativePath(root, info.FullName)] = info.Length > skipHashingOver ? $"size {info.Length}" : Hash(info.FullName);
            }
        }
        return result;
    }

    private static bool IsFifo(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", "--", path]) { RedirectStandardOutput = true })!;
        var kind = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return kind.Contains("fifo", StringComparison.Ordinal);
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args))!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    private static string Awkward255 => new string('x', 251) + ".txt";

    /// <summary>Files with every awkward name of the issue (except invalid UTF-8: OrganizeCommandSpec), empty files, a 10 GB sparse file and a 200-level tree; links and a FIFO beside them.</summary>
    private (SortedDictionary<string, string> Files, string Sparse, string Deep) AwkwardTree()
    {
        var src = P("src");
        Directory.CreateDirectory(src);
        string[] names = ["with space.txt", "quote'single.txt", "quote\"double.txt", "-leading-dash.txt", "--help", "new\nline.txt",
            "tab\there.txt", "back\\slash.txt", "$HOME.txt", "*glob?[x].txt", "café-ünï-日本.txt", Awkward255, " leading space.txt"];
        for (var i = 0; i < names.Length; i++) File.WriteAllText(Path.Combine(src, names[i]), $"content {i} of {names[i]}");
        File.WriteAllBytes(Path.Combine(src, "empty-one"), []);
        File.WriteAllBytes(Path.Combine(src, "empty-two.txt"), []);
        Directory.CreateDirectory(Path.Combine(src, "empty-folder"));
        var sparse = Path.Combine(src, "disk.img");
        using (var f = new FileStream(sparse, FileMode.CreateNew))
        {
            f.Write("head"u8);
            f.Position = 5L << 30;
            f.Write("middle"u8);
            f.SetLength(10L << 30);
        }
        var deep = src;
        for (var i = 1; i <= 200; i++) deep = Path.Combine(deep, $"d{i}");
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "leaf.txt"), "at the bottom of 200 folders");
        var files = Contents(src);
        Directory.CreateDirectory(Path.Combine(src, "links"));
        File.CreateSymbolicLink(Path.Combine(src, "links", "loop"), Path.Combine(src, "links"));
        File.CreateSymbolicLink(Path.Combine(src, "links", "self"), Path.Combine(src, "links", "self"));
        File.CreateSymbolicLink(Path.Combine(src, "links", "to-file"), Path.Combine(src, "with space.txt"));
        Directory.CreateSymbolicLink(Path.Combine(src, "links", "to-dir"), src);
        File.CreateSymbolicLink(Path.Combine(src, "links", "dangling"), Path.Combine(src, "nowhere"));
        Run("mkfifo", "--", Path.Combine(src, "a fifo"));
        return (files, sparse, deep);
    }

    private static long AllocatedBytes(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%b %B", "--", path]) { RedirectStandardOutput = true })!;
        var parts = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        stat.WaitForExit();
        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every entry under <paramref name="root"/> with its time (or a link with its target), links not followed.</summary>
    private static List<string> Entries(string root)
    {
        var result = new List<string>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is { } link)
                {
                    result.Add($"{entry.FullName} -> {link}");
                    continue;
                }
                result.Add($"{entry.FullName} {entry.LastWriteTimeUtc.Ticks}");
                if (entry is DirectoryInfo) pending.Push(entry.FullName);
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    [Fact]
    public async Task Awkward_names_empty_sparse_and_deep_files_are_organised_once_each_links_and_fifos_stay_and_undo_restores_every_path()
    {
        var (before, _, _) = AwkwardTree();
        var tree = Entries(P("src"));

        // A dry run first: it changes nothing in SRC or DST and leaves no temporary folder of its own behind.
        var (dryExit, dryOut, dryErr) = await Kane("organize", P("src"), "--into", P("dst"), "--dry-run");
        Assert.True(dryExit == 0, dryErr + dryOut);
        Assert.Equal(tree, Entries(P("src")));
        Assert.False(Directory.Exists(P("dst")));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"kane-dry-run-{Environment.ProcessId}-*"));

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("dst"), "--json");

        Assert.True(exit == 0, err + output);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal(before.Count, summary.RootElement.GetProperty("done").GetInt64());
        var leftAlone = summary.RootElement.GetProperty("leftAlone").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "a fifo", "links/dangling", "links/loop", "links/self", "links/to-dir", "links/to-file" }.Select(n => P("src/" + n)).Order(StringComparer.Ordinal), leftAlone);
        // Every file exactly once, at its target, with its content: the same multiset of contents, none left at the source.
        Assert.Empty(Contents(P("src")));
        var after = Contents(P("dst"));
        Assert.Equal(before.Values.Order(StringComparer.Ordinal), after.Values.Order(StringComparer.Ordinal));
        Assert.Contains(after.Keys, k => Path.GetFileName(k) == Awkward255);
        var img = Directory.GetFiles(P("dst"), "disk.img", SearchOption.AllDirectories).Single();
        Assert.Equal(10L << 30, new FileInfo(img).Length);
        Assert.True(AllocatedBytes(img) < 1L << 20, "the sparse file stays sparse");
        using (var moved = File.OpenRead(img))
        {
            var head = new byte[4];
            moved.ReadExactly(head);
            moved.Position = 5L << 30;
            var middle = new byte[6];
            moved.ReadExactly(middle);
            Assert.Equal("head middle", System.Text.Encoding.ASCII.GetString(head) + " " + System.Text.Encoding.ASCII.GetString(middle));
        }
        Assert.True(File.Exists(P("src/a fifo")) && new FileInfo(P("src/links/to-file")).LinkTarget is not null);

        var job = summary.RootElement.GetProperty("job").GetString()!;
        var (undoExit, undoOut, undoErr) = await Kane("jobs", "undo", job, "--into", P("dst"));

        Assert.True(undoExit == 0, undoErr + undoOut);
        Assert.Equal(before, Contents(P("src")));
        Assert.Empty(Contents(P("dst")));
    }

    [Theory]
    [InlineData("empty-source", "a source is an empty name")]
    [InlineData("target-under-a-file", "is a file, not a folder")]
    [InlineData("dangling-target", "which leads to no folder")]
    [InlineData("same-through-a-link", "same folder")]
    [InlineData("unwritable-target", "cannot create the target folder")]
    public async Task Bad_paths_exit_2_with_a_message_that_says_what_is_wrong_and_change_nothing(string what, string message)
    {
        Directory.CreateDirectory(P("src"));
        File.WriteAllText(P("src/a.txt"), "a");
        File.WriteAllText(P("afile"), "x");
        Directory.CreateSymbolicLink(P("srclink"), P("src"));
        File.CreateSymbolicLink(P("dangling"), P("nowhere"));
        // /proc refuses new folders even to root, so this case holds however the tests run.
        string[] args = what switch
        {
            "empty-source" => ["organize", "", "--into", P("dst")],
            "target-under-a-file" => ["organize", P("src"), "--into", P("afile/dst")],
            "dangling-target" => ["organize", P("src"), "--into", P("dangling")],
            "same-through-a-link" => ["organize", P("srclink"), "--into", P("src")],
            _ => ["organize", P("src"), "--into", $"/proc/kane-test-{Guid.NewGuid():N}/dst"],
        };
        var before = Entries(_dir);

        var (exit, output, err) = await Kane(args);

        Assert.True(exit == 2, err + output);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal); // no stack trace
        Assert.Equal(before, Entries(_dir));
    }

    [Fact]
    public async Task A_target_named_through_a_symlink_into_the_source_is_left_out_of_the_scan_and_keeps_its_state()
    {
        Directory.CreateDirectory(P("src/a"));
        for (var i = 0; i < 3; i++) File.WriteAllText(P($"src/a/f{i}.txt"), $"file {i}");
        var before = Contents(P("src"));
        Directory.CreateSymbolicLink(P("link"), P("src"));

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("link/sorted"), "--json");

        Assert.True(exit == 0, err + output);
        Assert.True(File.Exists(P("src/sorted/.kane/catalog.db")), "the run's catalog stays in its state folder");
        var after = Contents(P("src"));
        Assert.Equal(before.Values.Order(StringComparer.Ordinal), after.Values.Order(StringComparer.Ordinal));
        Assert.All(after.Keys, k => Assert.StartsWith("sorted/documents/", k, StringComparison.Ordinal));

        // Again: nothing left to do, and the organised files are not taken for new arrivals (duplicates of themselves).
        var (again, againOut, againErr) = await Kane("organize", P("src"), "--into", P("link/sorted"));

        Assert.True(again == 0, againErr + againOut);
        Assert.Equal(after, Contents(P("src")));
    }

    [Fact]
    public async Task A_source_named_through_a_symlink_is_organised_from_the_folder_it_points_to()
    {
        Directory.CreateDirectory(P("src"));
        File.WriteAllText(P("src/a.txt"), "a");
        File.WriteAllText(P("src/b.txt"), "b");
        Directory.CreateSymbolicLink(P("srclink"), P("src"));

        var (exit, output, err) = await Kane("organize", P("srclink"), "--into", P("dst"));

        Assert.True(exit == 0, err + output);
        Assert.Empty(Contents(P("src")));
        Assert.Equal(2, Contents(P("dst")).Count);
    }

    [Fact]
    public async Task Another_runs_state_folder_inside_a_source_is_left_alone_so_its_undo_still_works()
    {
        Directory.CreateDirectory(P("src/a"));
        File.WriteAllText(P("src/a/f.txt"), "f");
        var (first, firstOut, firstErr) = await Kane("organize", P("src/a"), "--into", P("src/old"));
        Assert.True(first == 0, firstErr + firstOut);
        var job = firstOut.Split('\n').Single(l => l.StartsWith("Undo with: kane jobs undo ", StringComparison.Ordinal)).Split(' ')[5];
        var state = Directory.GetFiles(P("src/old/.kane"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("dst"), "--json");

        Assert.True(exit == 0, err + output);
        Assert.Contains("state folder of a kane organize run", output, StringComparison.Ordinal);
        Assert.Equal(state, Directory.GetFiles(P("src/old/.kane"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        // The first run's undo finds its journal: its file was moved on by the second run, which undo reports rather than loses.
        var (undo, undoOut, undoErr) = await Kane("jobs", "undo", job, "--into", P("src/old"));
        Assert.Contains("1 problems", undoOut + undoErr, StringComparison.Ordinal);
        Assert.Equal(1, undo);
        Assert.Single(Contents(P("dst")));
    }

    [Fact]
    public async Task The_undo_line_quotes_a_target_with_spaces_so_it_can_be_pasted_into_a_shell()
    {
        Directory.CreateDirectory(P("src"));
        File.WriteAllText(P("src/a.txt"), "a");

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("my sorted 'files'"));

        Assert.True(exit == 0, err + output);
        var line = output.Split('\n').Single(l => l.StartsWith("Undo with: ", StringComparison.Ordinal));
        Assert.EndsWith($"--into '{P("my sorted '\\''files'\\''")}'", line, StringComparison.Ordinal);

        Directory.CreateDirectory(P("src2"));
        File.WriteAllText(P("src2/b.txt"), "b");
        var (jsonExit, json, jsonErr) = await Kane("organize", P("src2"), "--into", P("my sorted 'files'"), "--json");
        Assert.True(jsonExit == 0, jsonErr + json);
        using var summary = JsonDocument.Parse(json);
        Assert.EndsWith($"--into '{P("my sorted '\\''files'\\''")}'", summary.RootElement.GetProperty("undo").GetString(), StringComparison.Ordinal);
    }
}
