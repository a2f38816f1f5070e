using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Handlers;
using Kane.Organize.Scanning;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Handlers;

/// <summary>Every handler refuses paths outside its job's roots, wherever the path comes from.</summary>
public sealed class HandlerRootsTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private string CatalogPath => _t.P("dst/.kane/catalog.db");

    private TaskContext Context(string type, IReadOnlyList<string> items, string? catalog = null) =>
        new(new KaneTask("t1", type, TaskPriority.Normal, items) { Metadata = new Dictionary<string, string> { [OrganizeKeys.Catalog] = catalog ?? CatalogPath } },
            "job-1", new JobRoots([_t.P("src")], _t.P("dst")), 1, 0, 0, "agent-1");

    private static async Task<TaskError> Fails(ITaskHandler handler, TaskContext context) =>
        (await Assert.ThrowsAsync<TaskFailedException>(async () => await handler.ExecuteAsync(context, CancellationToken.None))).Error;

    [Fact]
    public async Task A_scan_of_a_folder_outside_the_roots_fails_as_invalid()
    {
        Directory.CreateDirectory(_t.P("src"));

        var error = await Fails(new FileScanHandler(), Context(TaskTypes.FileScan, ["/etc"]));

        Assert.Equal(ErrorCodes.EINVAL, error.Code);
        Assert.False(error.Recoverable);
        Assert.Contains("outside the job's roots", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalog_row_naming_etc_passwd_makes_the_hash_task_fail_as_invalid_without_reading_it()
    {
        _t.Text("src/a.txt", "0123456789");
        using (var catalog = OrganizeCatalog.Open(CatalogPath))
            catalog.AddScan([new ScannedFile(_t.P("src/a.txt"), 10, 0, 1, 1, 1), new ScannedFile("/etc/passwd", 10, 0, 1, 2, 1)], []);

        var error = await Fails(new FileHashHandler(), Context(TaskTypes.FileHash, ["10-10"]));

        Assert.Equal(ErrorCodes.EINVAL, error.Code);
        using var after = OrganizeCatalog.Open(CatalogPath);
        Assert.False(after.SizeRangeFlag("hashed", 10, 10));
    }

    [Fact]
    public async Task A_catalog_outside_the_roots_or_not_named_catalog_db_is_refused()
    {
        Directory.CreateDirectory(_t.P("src"));

        Assert.Equal(ErrorCodes.EINVAL, (await Fails(new FileScanHandler(), Context(TaskTypes.FileScan, [_t.P("src")], "/tmp/.kane/catalog.db"))).Code);
        Assert.Equal(ErrorCodes.EINVAL, (await Fails(new FileScanHandler(), Context(TaskTypes.FileScan, [_t.P("src")], _t.P("dst/other.db")))).Code);
        Assert.False(File.Exists(_t.P("dst/other.db")));
    }

    [Fact]
    public async Task A_range_task_with_a_malformed_item_fails_as_invalid()
    {
        Assert.Equal(ErrorCodes.EINVAL, (await Fails(new FileCategorizeHandler(), Context(TaskTypes.FileCategorize, ["9-1"]))).Code);
        Assert.Equal(ErrorCodes.EINVAL, (await Fails(new FileMoveHandler(), Context(TaskTypes.FileMove, ["x"]))).Code);
    }

    [Fact]
    public async Task A_scan_that_runs_twice_records_each_file_once()
    {
        _t.Text("src/a/one.txt", "1");
        _t.Text("src/b/two.txt", "22");
        var handler = new FileScanHandler();

        await handler.ExecuteAsync(Context(TaskTypes.FileScan, [_t.P("src")]), CancellationToken.None);
        var again = await handler.ExecuteAsync(Context(TaskTypes.FileScan, [_t.P("src")]) with { PreviousAttempts = 1 }, CancellationToken.None);

        using var catalog = OrganizeCatalog.Open(CatalogPath);
        Assert.Equal(2, catalog.Count());
        Assert.Equal("2", again.Output["files"]);
    }

    [Fact]
    public void Batches_never_split_a_key_and_cover_every_key()
    {
        var ranges = Batching.Ranges([(1, 3), (2, 1), (5, 10), (7, 1), (9, 1)], 4);

        Assert.Equal([(1L, 2L), (5L, 5L), (7L, 9L)], ranges);
    }
}
