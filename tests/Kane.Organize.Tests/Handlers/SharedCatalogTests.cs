using Kane.Organize.Catalog;
using Kane.Organize.Scanning;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Handlers;

/// <summary>The per-process pool of catalog connections that handlers borrow once per task.</summary>
public sealed class SharedCatalogTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose()
    {
        OrganizeCatalog.CloseShared();
        _t.Dispose();
    }

    private string CatalogPath => _t.P("dst/.kane/catalog.db");

    [Fact]
    public void A_shared_catalog_is_not_reused_once_its_file_was_replaced()
    {
        using (var first = OrganizeCatalog.OpenShared(CatalogPath))
            first.SetMeta("run", "old");
        Directory.Delete(_t.P("dst"), recursive: true);
        using (var fresh = OrganizeCatalog.Open(CatalogPath))
            fresh.SetMeta("run", "new");

        using var again = OrganizeCatalog.OpenShared(CatalogPath);

        Assert.Equal("new", again.GetMeta("run"));
    }

    [Fact]
    public void A_shared_catalog_disposed_twice_is_lent_to_one_borrower_at_a_time()
    {
        var first = OrganizeCatalog.OpenShared(CatalogPath);
        first.Dispose();
        first.Dispose();

        using var a = OrganizeCatalog.OpenShared(CatalogPath);
        using var b = OrganizeCatalog.OpenShared(CatalogPath);

        Assert.NotSame(a, b);
    }

    [Fact]
    public void Writers_of_one_catalog_in_one_process_all_land()
    {
        var files = Enumerable.Range(0, 8).Select(w => Enumerable.Range(0, 500)
            .Select(i => new ScannedFile($"/src/w{w}/f{i:D4}", i + 1, 0, 1, (ulong)(w * 1000 + i), 1)).ToList()).ToList();

        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, batch =>
        {
            using var catalog = OrganizeCatalog.OpenShared(CatalogPath);
            catalog.AddScan(batch, []);
        });

        using var check = OrganizeCatalog.Open(CatalogPath);
        Assert.Equal(4000, check.Count());
    }
}
