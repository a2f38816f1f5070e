using System.Security.Cryptography;
using Kane.Organize.Metadata;
using Kane.Organize.Planning;
using Kane.Organize.Run;

namespace Kane.Organize.Tests.Run;

/// <summary>Whole organize runs on an embedded single-node cluster over a small generated tree.</summary>
public sealed class OrganizeRunTests : IDisposable
{
    internal const string FastConfig = """
        kane.cluster.periodic-tasks-initial-delay = 50ms
        kane.cluster.gossip-interval = 150ms
        kane.cluster.leader-actions-interval = 100ms
        kane.cluster.singleton.hand-over-retry-interval = 200ms
        kane.cluster.singleton-proxy.singleton-identification-interval = 200ms
        kane.agents.offer-redelivery-interval = 500ms
        kane.agents.result-redelivery-interval = 300ms
        kane.agents.status-report-interval = 100ms
        kane.agents.resource-gates { cpu-warn = 100, memory-warn = 100, cpu-stop = 100, memory-stop = 100 }
        """;

    private static readonly DateTime Mtime = new(2020, 3, 15, 12, 0, 0, DateTimeKind.Local);
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private byte[] Jpeg { get; } = ExifJpeg.Make(new DateTime(2019, 7, 4, 9, 30, 0), "Kane Cam 1", padding: 300);

    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    /// <summary>The source tree, with what each file should become under DST.</summary>
    private Dictionary<string, string> MakeTree()
    {
        _t.File("src/photos/a.jpg", Jpeg, Mtime);
        _t.File("src/copies/a-copy.jpg", Jpeg, Mtime);
        _t.File("src/photos/b.png", Png, Mtime);
        _t.File("src/misc/photo.pdf", [.. Png, 1, 2, 3], Mtime);
        _t.Text("src/docs/report.pdf", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", Mtime);
        _t.Text("src/code/main.py", "print('hello')\n", Mtime);
        _t.File("src/music/song.mp3", [(byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xFF, 0xFB, 0x90, 0x64], Mtime);
        _t.Text("src/x/notes.txt", "first notes", Mtime);
        _t.Text("src/y/notes.txt", "other notes", Mtime);
        _t.Text("src/-dash 'q' name.txt", "awkward", Mtime);
        _t.Text("src/h1.txt", "one inode, two names", Mtime);
        _t.Shell("ln src/h1.txt src/h2.txt");
        _t.File("src/e1.txt", [], Mtime);
        _t.File("src/e2.txt", [], Mtime);
        File.SetLastWriteTime(_t.P("src/e2.txt"), Mtime);
        File.CreateSymbolicLink(_t.P("src/dangling"), "/nonexistent/target");
        return new Dictionary<string, string>
        {
            // The original of a duplicate group is the first path in ordinal order: copies/ before photos/.
            ["copies/a-copy.jpg"] = "images/2019/07/a-copy.jpg",
            ["photos/a.jpg"] = "duplicates/images/2019/07/a.jpg",
            ["photos/b.png"] = "images/2020/03/b.png",
            ["misc/photo.pdf"] = "images/2020/03/photo.pdf",
            ["docs/report.pdf"] = "documents/2020/03/report.pdf",
            ["code/main.py"] = "code/2020/03/main.py",
            ["music/song.mp3"] = "audio/2020/03/song.mp3",
            ["x/notes.txt"] = "documents/2020/03/notes.txt",
            ["y/notes.txt"] = "documents/2020/03/notes (1).txt",
            ["-dash 'q' name.txt"] = "documents/2020/03/-dash 'q' name.txt",
            ["h1.txt"] = "documents/2020/03/h1.txt",
            ["h2.txt"] = "documents/2020/03/h2.txt",
            ["e1.txt"] = "documents/2020/03/e1.txt",
            ["e2.txt"] = "documents/2020/03/e2.txt",
        };
    }

    private Dictionary<string, string> Contents(string relative, params string[] skip) =>
        _t.FilesUnder(relative, skip).ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(_t.P(relative), f)))));

    private OrganizeOptions Options(DuplicatePolicy duplicates = DuplicatePolicy.Move, bool dryRun = false) =>
        OrganizeValidation.Check(new OrganizeOptions([_t.P("src")], _t.P("dst"))
        {
            Duplicates = duplicates,
            DryRun = dryRun,
            StateDirectory = dryRun ? _t.P("dry/.kane") : "",
            FilesPerTask = 4,
            PollInterval = TimeSpan.FromMilliseconds(50),
        }, confirmed: true);

    private async Task<OrganizeSummary> Run(OrganizeOptions options)
    {
        await using var node = await EmbeddedCluster.StartAsync("sqlite:" + _t.P("journal.db"), FastConfig);
        return await new OrganizeRun(options, new KaneAgentsGateway(node.Agents)).RunAsync().WaitAsync(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_run_puts_every_file_at_its_target_exactly_once_and_a_second_run_changes_nothing()
    {
        var expected = MakeTree();
        var before = Contents("src");

        var summary = await Run(Options());

        Assert.False(summary.HasErrors, string.Join("\n", summary.Errors));
        var after = Contents("dst", ".kane");
        Assert.Equal(expected.Values.Order(StringComparer.Ordinal), after.Keys);
        foreach (var (source, target) in expected)
            Assert.Equal(before[source], after[target]);
        Assert.Empty(_t.FilesUnder("src"));
        Assert.Equal(1, summary.DuplicateGroups);
        Assert.Equal(Jpeg.Length, summary.ReclaimableBytes);
        Assert.Equal(4, summary.Categories["images"]);
        Assert.Equal(1, summary.Categories["audio"]);
        Assert.Equal(1, summary.Categories["code"]);
        Assert.Contains(summary.Notes, n => n.Path == _t.P("src/dangling"));
        var h1 = new FileInfo(_t.P("dst/documents/2020/03/h1.txt"));
        Assert.Equal(2, Directory.GetFiles(_t.P("dst/documents/2020/03")).Count(f => File.ReadAllText(f) == "one inode, two names"));

        var again = await Run(Options());

        Assert.False(again.HasErrors, string.Join("\n", again.Errors));
        Assert.Equal(0, again.Files);
        Assert.Equal(after, Contents("dst", ".kane"));
        Assert.True(h1.Exists);
    }

    [Fact]
    public async Task A_run_cancelled_midway_is_resumed_by_the_same_command_and_every_file_ends_at_its_target_once()
    {
        var expected = MakeTree();
        var before = Contents("src");
        using var cancel = new CancellationTokenSource();

        await using (var node = await EmbeddedCluster.StartAsync("sqlite:" + _t.P("journal.db"), FastConfig))
        {
            var progress = new OnReport(p => { if (p.Phase == "scan") cancel.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new OrganizeRun(Options(), new KaneAgentsGateway(node.Agents)).RunAsync(progress, cancel.Token));
        }
        var summary = await Run(Options());

        Assert.False(summary.HasErrors, string.Join("\n", summary.Errors));
        var after = Contents("dst", ".kane");
        Assert.Equal(expected.Values.Order(StringComparer.Ordinal), after.Keys);
        foreach (var (source, target) in expected)
            Assert.Equal(before[source], after[target]);
        Assert.Empty(_t.FilesUnder("src"));
        Assert.Contains("-g1-organize-", summary.JobId, StringComparison.Ordinal); // the same run resumed, not a new one
    }

    private sealed class OnReport(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    [Fact]
    public async Task A_target_inside_the_source_is_left_out_of_the_scan_and_a_rerun_changes_nothing()
    {
        _t.Text("src/a/one.txt", "one", Mtime);
        _t.Text("src/b/two.py", "print(2)", Mtime);
        var options = OrganizeValidation.Check(new OrganizeOptions([_t.P("src")], _t.P("src/sorted")) { PollInterval = TimeSpan.FromMilliseconds(50) }, confirmed: false);

        await using var node = await EmbeddedCluster.StartAsync("sqlite:" + _t.P("journal.db"), FastConfig);
        var first = await new OrganizeRun(options, new KaneAgentsGateway(node.Agents)).RunAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var second = await new OrganizeRun(options, new KaneAgentsGateway(node.Agents)).RunAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, first.Files);
        Assert.Equal(0, second.Files);
        Assert.Equal(["sorted/code/2020/03/two.py", "sorted/documents/2020/03/one.txt"], _t.FilesUnder("src", "sorted/.kane"));
    }

    [Fact]
    public async Task After_undo_and_deleting_the_target_the_same_command_organises_again_on_a_journal_that_remembers_the_first_run()
    {
        // As with --cluster or --journal: the jobs' journal outlives DST/.kane.
        var expected = MakeTree();
        var first = await Run(Options());
        Assert.False(first.HasErrors, string.Join("\n", first.Errors));
        Assert.All(RunUndo.Run(Options().MovesDirectory, first.JobId), r => Assert.Empty(r.Report.Problems));
        Directory.Delete(_t.P("dst"), recursive: true);

        var second = await Run(Options());

        Assert.False(second.HasErrors, string.Join("\n", second.Errors));
        Assert.NotEqual(first.JobId, second.JobId);
        Assert.Equal(first.Files, second.Files);
        Assert.Equal(expected.Values.Order(StringComparer.Ordinal), Contents("dst", ".kane").Keys);
        Assert.Empty(_t.FilesUnder("src"));
    }

    [Fact]
    public async Task Progress_reports_name_the_node_with_the_tasks_it_ran_and_the_files_they_handled()
    {
        MakeTree();
        var reports = new List<RunProgress>();
        await using var node = await EmbeddedCluster.StartAsync("sqlite:" + _t.P("journal.db"), FastConfig);
        var run = new OrganizeRun(Options(), new KaneAgentsGateway(node.Agents));

        await run.RunAsync(new OnReport(p => { lock (reports) reports.Add(p); })).WaitAsync(TimeSpan.FromMinutes(2));

        var self = node.System.Address.Host + ":" + node.System.Address.Port;
        var last = reports.Last(r => r.Phase == "organize");
        var mine = Assert.Single(last.Nodes);
        Assert.Equal(self, mine.Node);
        Assert.Equal(last.Job!.Progress.Succeeded, mine.Done);
        Assert.True(mine.Agents > 0);
        Assert.Equal(0, mine.InFlight);
        // Every file went through categorise, metadata and move at least (14 files, 4 per task).
        Assert.True(mine.Files >= 3 * 14, $"{mine.Files} files");
        Assert.Equal(["organize", "scan"], run.PhaseNodes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(14, Assert.Single(run.PhaseNodes["scan"]).Files); // the regular files; the dangling symlink is left alone
    }

    [Fact]
    public async Task A_dry_run_plans_without_touching_the_source_or_creating_the_target()
    {
        MakeTree();
        var before = Contents("src");

        var summary = await Run(Options(dryRun: true));

        Assert.True(summary.DryRun);
        Assert.Equal(before, Contents("src"));
        Assert.False(Directory.Exists(_t.P("dst")));
        Assert.Equal(13, summary.Actions[Catalog.PlanActions.Move]);
        Assert.Equal(1, summary.Actions[Catalog.PlanActions.MoveDuplicate]);
        Assert.Contains((_t.P("src/copies/a-copy.jpg"), _t.P("dst/images/2019/07/a-copy.jpg")), summary.Moves);
        Assert.Contains((_t.P("src/photos/a.jpg"), _t.P("dst/duplicates/images/2019/07/a.jpg")), summary.Moves);
        Assert.Equal(_t.P("src/copies/a-copy.jpg"), Assert.Single(summary.Groups).Original);
        Assert.Equal(0, summary.Done);
    }

    [Fact]
    public async Task Linked_duplicates_become_hard_links_to_the_organised_original()
    {
        MakeTree();

        var summary = await Run(Options(DuplicatePolicy.Link));

        Assert.False(summary.HasErrors, string.Join("\n", summary.Errors));
        var link = Kane.Organize.Scanning.Internal.NativeStat.Lstat(_t.P("src/photos/a.jpg")).Info;
        var original = Kane.Organize.Scanning.Internal.NativeStat.Lstat(_t.P("dst/images/2019/07/a-copy.jpg")).Info;
        Assert.True(link is not null, string.Join("\n", _t.FilesUnder("src")) + "\n--\n" + string.Join("\n", _t.FilesUnder("dst")) + "\n" + string.Join("\n", summary.Actions));
        Assert.Equal(original!.Value.Inode, link!.Value.Inode);
        Assert.Equal(Jpeg.Length, summary.ReclaimedBytes);
        Assert.False(Directory.Exists(_t.P("dst/duplicates")));
    }

    [Fact]
    public void Exif_date_and_camera_come_from_the_image()
    {
        var path = _t.File("a.jpg", Jpeg, Mtime);

        var (date, camera) = FileDates.Read(path, isImage: true, new DateTimeOffset(Mtime).ToUnixTimeMilliseconds());

        Assert.Equal(new DateTime(2019, 7, 4, 9, 30, 0), date);
        Assert.Equal("Kane Cam 1", camera);
    }
}
