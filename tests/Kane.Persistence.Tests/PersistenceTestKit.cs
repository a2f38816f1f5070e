using Kane.Persistence.Journal;
using Kane.Persistence.Serialization;
using Kane.Persistence.Snapshot;
using Kane.Persistence.Tests.Actors;

namespace Kane.Persistence.Tests;

/// <summary>A TestKit whose system has persistence installed on the given stores, with the test event types registered.</summary>
public abstract class PersistenceTestKit : TestKit.TestKit
{
    protected PersistenceTestKit(IJournalStore? journal = null, ISnapshotStore? snapshots = null, PersistenceSettings? settings = null, bool virtualTime = false)
        : base(virtualTime: virtualTime)
    {
        JournalStore = journal ?? new InMemoryJournal();
        Persistence = Persistence.Install(Sys, JournalStore, snapshots ?? new InMemorySnapshotStore(), Registry(), settings);
    }

    protected IJournalStore JournalStore { get; }

    protected Persistence Persistence { get; }

    public static EventSerializerRegistry Registry() => new EventSerializerRegistry()
        .Register<Added>("test-added")
        .Register<CounterSnapshot>("test-counter-snapshot")
        .Register<string>("test-string")
        .Register<Delivery.MsgSent>("test-msg-sent")
        .Register<Delivery.MsgConfirmed>("test-msg-confirmed");
}
