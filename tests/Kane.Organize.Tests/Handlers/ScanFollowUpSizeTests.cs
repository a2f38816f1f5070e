using System.Text;
using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Handlers;
using Kane.Organize.Tests.Run;

namespace Kane.Organize.Tests.Handlers;

/// <summary>
/// A scan's follow-up tasks travel in its result to the job, which may be on another node: one remote message of at
/// most <c>kane.remote.maximum-frame-size</c> (128 kB). Many long folder names left over at the budget must not make
/// that message larger; the follow-ups together still find every file once.
/// </summary>
public sealed class ScanFollowUpSizeTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose()
    {
        OrganizeCatalog.CloseShared();
        _t.Dispose();
    }

    private string CatalogPath => _t.P("dst/.kane/catalog.db");

    private TaskContext Context(string id, IReadOnlyList<string> items) =>
        new(new KaneTask(id, TaskTypes.FileScan, TaskPriority.Normal, items) { Metadata = new Dictionary<string, string> { [OrganizeKeys.Catalog] = CatalogPath } },
            "job-1", new JobRoots([_t.P("src")], _t.P("dst")), 1, 0, 0, "agent-1");

    [Fact]
    public async Task Many_long_folder_names_left_at_the_budget_give_follow_ups_that_fit_one_remote_message_and_find_every_file_once()
    {
        // 600 folders with 240-character names: ~170 kB of paths, all left over once the budget (1 entry) is spent.
        for (var d = 0; d < 600; d++) _t.Text($"src/{d:D3}-{new string('x', 236)}/f.txt", $"file {d}");
        using (var catalog = OrganizeCatalog.Open(CatalogPath))
            catalog.SetMeta(TaskInputs.SettingPrefix + OrganizeKeys.Budget, "1");
        var handler = new FileScanHandler();

        var outcome = await handler.ExecuteAsync(Context("scan-0", [_t.P("src")]), CancellationToken.None);

        var bytes = outcome.FollowUps.Sum(t => t.Items.Sum(i => Encoding.UTF8.GetByteCount(i)) + 200);
        Assert.True(bytes <= 48 * 1024, $"{outcome.FollowUps.Count} follow-ups carry {bytes} bytes of folders");
        Assert.All(outcome.FollowUps, t => Assert.True(t.Items.Sum(i => Encoding.UTF8.GetByteCount(i)) <= FileScanHandler.MaxFollowUpTaskBytes));
        var pending = outcome.FollowUps.ToList();
        for (var round = 0; pending.Count > 0 && round < 100; round++)
        {
            var next = new List<KaneTask>();
            foreach (var f in pending) next.AddRange((await handler.ExecuteAsync(Context(f.Id, f.Items), CancellationToken.None)).FollowUps);
            pending = next;
        }
        using var check = OrganizeCatalog.Open(CatalogPath);
        Assert.Equal(600, check.Count());
    }
}
