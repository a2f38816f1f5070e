using Kane.Persistence.Journal;
using Kane.Persistence.Snapshot;
using Kane.Persistence.Sql.Postgres;
using Kane.Persistence.Tests.Conformance;

namespace Kane.Persistence.Sql.Tests.Postgres;

public sealed class PostgresJournalConformanceTests : JournalConformance
{
    protected override Task<IJournalStore> CreateStore() => Task.FromResult<IJournalStore>(new PostgresJournal(TestPostgres.Database));
}

public sealed class PostgresSnapshotStoreConformanceTests : SnapshotStoreConformance
{
    protected override Task<ISnapshotStore> CreateStore() => Task.FromResult<ISnapshotStore>(new PostgresSnapshotStore(TestPostgres.Database));
}

public sealed class PostgresEventsByTagConformanceTests : EventsByTagConformance
{
    protected override Task<IJournalStore> CreateStore() => Task.FromResult<IJournalStore>(new PostgresJournal(TestPostgres.Database));
}
