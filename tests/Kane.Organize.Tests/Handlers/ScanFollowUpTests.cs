using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Handlers;
using Kane.Organize.Scanning;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Handlers;

/// <summary>A scan that runs out of budget hands the rest of the tree to follow-ups sized by what it saw.</summary>
public sealed class ScanFollowUpTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private TaskContext Context(string id, IReadOnlyList<string> items, int budget) =>
        new(new KaneTask(id, TaskTypes.FileScan, TaskPriority.Normal, items)
        {
            Metadata = new Dictionary<string, string> { [OrganizeKeys.Catalog] = _t.P("dst/.kane/catalog.db"), [OrganizeKeys.Budget] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, "job-1", new JobRoots([_t.P("src")], _t.P("dst")), 1, 0, 0, "agent-1");

    private static ScanResult Result(int files, int folders) =>
        new([.. Enumerable.Range(0, files).Select(i => new ScannedFile($"/x/f{i}", 1, 0, 1, (ulong)i, 1))], [], [], folders);

    [Fact]
    public void A_follow_up_takes_about_a_quarter_of_the_budget_in_folders_of_the_density_seen()
    {
        // 97,007 files in 3,015 folders: ~33 entries a folder, so a quarter of 100,000 entries is ~750 folders.
        Assert.InRange(FileScanHandler.FoldersPerFollowUp(Result(97_007, 3_015), 100_000), 740, 760);
        // Folders of thousands of entries: never fewer than the minimum.
        Assert.Equal(FileScanHandler.MinFoldersPerFollowUp, FileScanHandler.FoldersPerFollowUp(Result(50_000, 10), 100_000));
        // Nothing walked (every root was left over): the minimum, no division by zero.
        Assert.Equal(FileScanHandler.MinFoldersPerFollowUp, FileScanHandler.FoldersPerFollowUp(Result(0, 0), 100_000));
    }

    [Fact]
    public async Task Follow_ups_of_a_budgeted_scan_together_record_every_file_once()
    {
        for (var d = 0; d < 40; d++)
            for (var f = 0; f < 5; f++)
                _t.Text($"src/d{d:D2}/f{f}.txt", $"{d}-{f}");
        var handler = new FileScanHandler();

        var pending = new Queue<TaskContext>([Context("scan-0", [_t.P("src")], 60)]);
        var tasks = 0;
        while (pending.TryDequeue(out var context))
        {
            var outcome = await handler.ExecuteAsync(context, CancellationToken.None);
            tasks++;
            foreach (var next in outcome.FollowUps)
                pending.Enqueue(Context(context.Task.Id + "/" + next.Id, next.Items, 60));
        }

        using var catalog = OrganizeCatalog.Open(_t.P("dst/.kane/catalog.db"));
        Assert.Equal(200, catalog.Count());
        Assert.Equal(200, catalog.AllFiles().Select(f => f.Path).Distinct().Count());
        Assert.True(tasks > 1, "a budget of 60 entries over 240 leaves folders over for follow-ups");
    }
}
