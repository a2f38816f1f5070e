using Kane.Persistence.Journal;
using Kane.Persistence.Snapshot;
using Kane.Persistence.Sql.Sqlite;
using Kane.Persistence.Tests.Conformance;

namespace Kane.Persistence.Sql.Tests.Sqlite;

public sealed class SqliteJournalConformanceTests : JournalConformance, IDisposable
{
    private readonly TempDatabase _file = new();

    protected override Task<IJournalStore> CreateStore() => Task.FromResult<IJournalStore>(new SqliteJournal(_file.Path));

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteSnapshotStoreConformanceTests : SnapshotStoreConformance, IDisposable
{
    private readonly TempDatabase _file = new();

    protected override Task<ISnapshotStore> CreateStore() => Task.FromResult<ISnapshotStore>(new SqliteSnapshotStore(_file.Path));

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteEventsByTagConformanceTests : EventsByTagConformance
{
    private readonly TempDatabase _file = new();

    protected override Task<IJournalStore> CreateStore() => Task.FromResult<IJournalStore>(new SqliteJournal(_file.Path));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _file.Dispose();
    }
}
