using Kane.Persistence.Tests;
using Kane.Persistence.Tests.Actors;

namespace Kane.Persistence.Sql.Tests.Sqlite;

public sealed class SqlitePersistentActorTests : TestKit.TestKit, IDisposable
{
    private readonly TempDatabase _file = new();

    [Fact]
    public async Task An_actor_on_a_sqlite_journal_recovers_its_events_and_snapshot_in_a_new_actor_system()
    {
        SqlPersistence.Install(Sys, "sqlite:" + _file.Path, PersistenceTestKit.Registry());
        var first = Sys.ActorOf(CounterActor.Props("sql-counter", TestActor));
        ExpectMsg<RecoveryCompleted>();
        first.Tell(new Add(1), TestActor);
        first.Tell(new AddMany(3), TestActor);
        first.Tell(new Snap(), TestActor);
        first.Tell(new Add(10), TestActor);
        ExpectMsg<Total>();
        // The snapshot store and the journal answer independently: their replies may come in either order.
        var replies = ReceiveN(2);
        Assert.Equal(4, replies.OfType<SaveSnapshotSuccess>().Single().Metadata.SequenceNr);
        Assert.Equal(new[] { 1, 1, 2, 3, 10 }, replies.OfType<Total>().Single().History);

        using var other = Kane.Actor.ActorSystem.Create("other");
        SqlPersistence.Install(other, "sqlite:" + _file.Path, PersistenceTestKit.Registry());
        var probe = new TestKit.TestProbe(other);
        var second = other.ActorOf(CounterActor.Props("sql-counter", probe.Ref));
        Assert.Equal(4, probe.ExpectMsg<SnapshotOffer>().Metadata.SequenceNr);
        probe.ExpectMsg<RecoveryCompleted>();
        second.Tell(new Get(), probe.Ref);
        var state = probe.ExpectMsg<Total>();
        Assert.Equal(new[] { 1, 1, 2, 3, 10 }, state.History);
        Assert.Equal(5, state.SequenceNr);
        await other.Terminate();
    }

    [Fact]
    public void An_unknown_connection_string_scheme_is_refused_with_the_accepted_forms()
    {
        var e = Assert.Throws<ArgumentException>(() => SqlPersistence.OpenStores("mysql:whatever"));
        Assert.Contains("sqlite:PATH or postgres:CONNSTRING", e.Message);
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _file.Dispose();
    }
}
