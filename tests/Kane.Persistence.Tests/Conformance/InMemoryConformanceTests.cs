using Kane.Persistence.Journal;
using Kane.Persistence.Snapshot;

namespace Kane.Persistence.Tests.Conformance;

public sealed class InMemoryJournalConformanceTests : JournalConformance
{
    protected override Task<IJournalStore> CreateStore() => Task.FromResult<IJournalStore>(new InMemoryJournal());
}

public sealed class InMemorySnapshotStoreConformanceTests : SnapshotStoreConformance
{
    protected override Task<ISnapshotStore> CreateStore() => Task.FromResult<ISnapshotStore>(new InMemorySnapshotStore());
}

public sealed class InMemoryEventsByTagConformanceTests : EventsByTagConformance
{
    protected override Task<IJournalStore> CreateStore() => Task.FromResult<IJournalStore>(new InMemoryJournal());
}
