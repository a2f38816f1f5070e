using Kane.Actor;
using Kane.Persistence.Internal;
using Kane.Persistence.Journal;
using Kane.Persistence.Query;
using Kane.Persistence.Serialization;
using Kane.Persistence.Snapshot;

namespace Kane.Persistence;

/// <summary>
/// The persistence extension of one actor system: its journal and snapshot store, their serializer registry and
/// settings. <see cref="Install"/> chooses the stores before the first persistent actor starts; without it a system
/// gets in-memory stores (tests only).
/// </summary>
public sealed class Persistence
{
    private Persistence(ActorSystem system, IJournalStore journal, ISnapshotStore snapshots, EventSerializerRegistry serializers, PersistenceSettings settings)
    {
        Settings = settings.Validate();
        JournalStore = journal;
        SnapshotStore = snapshots;
        Serializers = serializers;
        Journal = system.ActorOf(Props.Create(() => new JournalActor(journal, serializers, settings)), "kane-persistence-journal");
        Snapshots = system.ActorOf(Props.Create(() => new SnapshotStoreActor(snapshots, serializers, settings)), "kane-persistence-snapshot-store");
        RecoveryPermitter = system.ActorOf(Props.Create(() => new RecoveryPermitter(settings.MaxConcurrentRecoveries)), "kane-persistence-recovery-permitter");
        System = system;
        Query = new PersistenceQuery(journal, serializers, system.Scheduler, Settings.QueryRefreshInterval);
        system.WhenTerminated.ContinueWith(async _ =>
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            await snapshots.DisposeAsync().ConfigureAwait(false);
        }, TaskScheduler.Default);
    }

    public ActorSystem System { get; }

    public PersistenceSettings Settings { get; }

    public IJournalStore JournalStore { get; }

    public ISnapshotStore SnapshotStore { get; }

    /// <summary>Events-by-tag queries over this system's journal.</summary>
    public PersistenceQuery Query { get; }

    /// <summary>The registry every event and snapshot type must be registered in before it is persisted.</summary>
    public EventSerializerRegistry Serializers { get; }

    internal IActorRef Journal { get; }

    internal IActorRef Snapshots { get; }

    internal IActorRef RecoveryPermitter { get; }

    /// <summary>The system's persistence; in-memory stores and <c>kane.persistence</c> settings unless installed before.</summary>
    public static Persistence Get(ActorSystem system) => system.GetOrAddExtension(s =>
        new Persistence(s, new InMemoryJournal(), new InMemorySnapshotStore(), new EventSerializerRegistry(), PersistenceSettings.FromConfig(s.Settings.Config)));

    /// <summary>Chooses the stores of <paramref name="system"/>; call it once, before the first persistent actor starts.</summary>
    /// <exception cref="InvalidOperationException">The system's persistence already runs with other stores.</exception>
    public static Persistence Install(ActorSystem system, IJournalStore journal, ISnapshotStore snapshots, EventSerializerRegistry? serializers = null, PersistenceSettings? settings = null)
    {
        var persistence = system.GetOrAddExtension(s =>
            new Persistence(s, journal, snapshots, serializers ?? new EventSerializerRegistry(), settings ?? PersistenceSettings.FromConfig(s.Settings.Config)));
        if (!ReferenceEquals(persistence.JournalStore, journal))
            throw new InvalidOperationException("Persistence of this actor system already started with other stores: install stores before the first persistent actor starts.");
        return persistence;
    }
}
