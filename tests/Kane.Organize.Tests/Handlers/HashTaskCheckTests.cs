using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Handlers;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Handlers;

/// <summary>Without a byte check the hash task records its range's duplicates; the duplicate-check task finds them done.</summary>
public sealed class HashTaskCheckTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private TaskContext Context(string type, string item, bool paranoid) =>
        new(new KaneTask("t1", type, TaskPriority.Normal, [item])
        {
            Metadata = new Dictionary<string, string>
            {
                [OrganizeKeys.Catalog] = _t.P("dst/.kane/catalog.db"),
                [OrganizeKeys.Paranoid] = paranoid ? "true" : "false",
            },
        }, "job-1", new JobRoots([_t.P("src")], _t.P("dst")), 1, 0, 0, "agent-1");

    private async Task<Dictionary<string, long?>> Search(bool paranoid)
    {
        _t.Text("src/a/one.txt", "same");
        _t.Text("src/b/two.txt", "same");
        _t.Text("src/b/three.txt", "diff");
        _t.Text("src/c/alone.txt", "alone");
        var scan = new KaneTask("scan", TaskTypes.FileScan, TaskPriority.Normal, [_t.P("src")]) { Metadata = Context(TaskTypes.FileScan, "", paranoid).Task.Metadata };
        await new FileScanHandler().ExecuteAsync(Context(TaskTypes.FileScan, "", paranoid) with { Task = scan }, CancellationToken.None);

        var hash = await new FileHashHandler().ExecuteAsync(Context(TaskTypes.FileHash, "1-10", paranoid), CancellationToken.None);
        using (var catalog = OrganizeCatalog.Open(_t.P("dst/.kane/catalog.db")))
            Assert.Equal(!paranoid, catalog.SizeRangeFlag("checked", 1, 10));
        var check = await new FileDuplicateCheckHandler().ExecuteAsync(Context(TaskTypes.FileDuplicateCheck, "1-10", paranoid), CancellationToken.None);

        Assert.Equal(paranoid ? null : "already checked", check.Output.GetValueOrDefault("skipped"));
        Assert.Equal(paranoid ? "left to the duplicate check (paranoid)" : "1", hash.Output["duplicates"]);
        using var after = OrganizeCatalog.Open(_t.P("dst/.kane/catalog.db"));
        var files = after.AllFiles();
        return files.ToDictionary(f => Path.GetRelativePath(_t.P("src"), f.Path), f => f.DupOf is { } id ? (long?)files.Single(o => o.Id == id).Id : null);
    }

    [Fact]
    public async Task The_hash_task_records_the_groups_and_the_check_skips_the_range()
    {
        var dupOf = await Search(paranoid: false);

        using var catalog = OrganizeCatalog.Open(_t.P("dst/.kane/catalog.db"));
        Assert.Equal(catalog.FindByPath(_t.P("src/a/one.txt"))!.Id, dupOf["b/two.txt"]);
        Assert.Null(dupOf["a/one.txt"]);
        Assert.Null(dupOf["b/three.txt"]);
        Assert.Null(dupOf["c/alone.txt"]);
    }

    [Fact]
    public async Task With_a_byte_check_the_duplicate_check_task_still_forms_the_groups()
    {
        var dupOf = await Search(paranoid: true);

        using var catalog = OrganizeCatalog.Open(_t.P("dst/.kane/catalog.db"));
        Assert.Equal(catalog.FindByPath(_t.P("src/a/one.txt"))!.Id, dupOf["b/two.txt"]);
        Assert.Null(dupOf["b/three.txt"]);
    }
}
