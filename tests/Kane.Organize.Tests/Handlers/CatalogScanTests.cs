using Kane.Organize.Catalog;
using Kane.Organize.Scanning;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Handlers;

/// <summary>Recording a scan: the bulk load of a first scan, ids in size order, and what the hash phase reads back.</summary>
public sealed class CatalogScanTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose()
    {
        OrganizeCatalog.CloseShared();
        _t.Dispose();
    }

    private string CatalogPath => _t.P("dst/.kane/catalog.db");

    private static List<ScannedFile> Files(string folder, int count, Func<int, long> size) =>
        [.. Enumerable.Range(0, count).Select(i => new ScannedFile($"/src/{folder}/f{i:D5}", size(i), i, 1, (ulong)(folder.GetHashCode() & 0xFFFF) * 100_000 + (ulong)i, 1))];

    [Fact]
    public void A_first_scan_into_an_empty_catalog_keeps_a_path_once_and_later_scans_upsert()
    {
        var files = Files("a", 1500, i => i % 37 + 1);
        files.Add(files[10] with { Size = 999 }); // the same path twice in one scan (overlapping sources): the last is kept
        using var catalog = OrganizeCatalog.Open(CatalogPath);

        catalog.AddScan(files, []);
        var ids = catalog.AllFiles().ToDictionary(f => f.Path, f => f.Id);
        Assert.Equal(999, catalog.FindByPath(files[10].Path)!.Size);
        catalog.AddScan([.. files.Take(100).Select(f => f with { MtimeMs = 7 })], []);

        Assert.Equal(1500, catalog.Count());
        Assert.All(catalog.AllFiles(), f => Assert.Equal(ids[f.Path], f.Id));
        Assert.Equal(7, catalog.FindByPath(files[0].Path)!.MtimeMs);
    }

    [Fact]
    public void A_new_catalog_has_64_KiB_pages_and_an_existing_one_keeps_its_own()
    {
        // The page size takes effect only before the file's first table: a first scan of 10^5 rows commits ~12x
        // faster with 64 KiB pages than with SQLite's 4 KiB (docs/benchmarks.md, issue 9).
        using (OrganizeCatalog.Open(CatalogPath)) { }
        Assert.Equal(65536, PageSize(CatalogPath));

        var old = _t.P("old/catalog.db");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={old};Pooling=False"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "PRAGMA page_size = 4096; CREATE TABLE t (x INTEGER);";
            c.ExecuteNonQuery();
        }
        using (var catalog = OrganizeCatalog.Open(old))
            catalog.AddScan(Files("a", 10, i => i + 1), []);
        Assert.Equal(4096, PageSize(old));
    }

    private static long PageSize(string path)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var c = db.CreateCommand();
        c.CommandText = "PRAGMA page_size";
        return (long)c.ExecuteScalar()!;
    }

    [Fact]
    public void Concurrent_first_scans_of_overlapping_batches_record_each_path_once()
    {
        var batches = Enumerable.Range(0, 4).Select(b => Files("f" + b, 1200, i => i + 1)).ToList();
        batches.Add(batches[0]); // a second task scanning the same folder

        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, batch =>
        {
            using var catalog = OrganizeCatalog.OpenShared(CatalogPath);
            catalog.AddScan(batch, []);
        });

        using var check = OrganizeCatalog.Open(CatalogPath);
        Assert.Equal(4800, check.Count());
        Assert.Equal(4800, check.AllFiles().Select(f => f.Path).Distinct().Count());
    }

    [Fact]
    public void Ids_follow_size_so_that_a_size_range_is_a_run_of_ids()
    {
        using var catalog = OrganizeCatalog.Open(CatalogPath);
        catalog.AddScan(Files("s", 2000, i => (i * 7919) % 300 + 1), []);

        var bySize = catalog.FilesBySize(0, long.MaxValue);

        Assert.Equal(bySize.Select(f => f.Id).Order(), bySize.Select(f => f.Id));
    }

    [Fact]
    public void Hash_candidates_are_the_non_empty_files_that_share_a_size()
    {
        using var catalog = OrganizeCatalog.Open(CatalogPath);
        catalog.AddScan([
            new("/s/empty1", 0, 0, 1, 1, 1), new("/s/empty2", 0, 0, 1, 2, 1),
            new("/s/five1", 5, 0, 1, 3, 1), new("/s/five2", 5, 0, 1, 4, 1),
            new("/s/link1", 9, 0, 1, 5, 2), new("/s/link2", 9, 0, 1, 5, 2),
            new("/s/alone", 7, 0, 1, 6, 1),
            new("/s/big", 50, 0, 1, 7, 1), new("/s/big2", 50, 0, 1, 8, 1),
        ], []);

        var all = catalog.HashCandidates(0, long.MaxValue);
        var upTo10 = catalog.HashCandidates(0, 10);

        Assert.Equal(["/s/five1", "/s/five2", "/s/link1", "/s/link2", "/s/big", "/s/big2"],
            all.OrderBy(f => f.Size).ThenBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Path));
        Assert.Equal([5L, 5, 9, 9], upTo10.Select(f => f.Size));
        Assert.All(all, f => Assert.Equal(catalog.FindByPath(f.Path)!.Inode, f.Inode));
    }
}
