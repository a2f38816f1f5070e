using Kane.Persistence.Journal;
using Kane.Persistence.Tests.Actors;

namespace Kane.Persistence.Tests.Actors;

public sealed class WriteFailureTests() : PersistenceTestKit(journal: new FaultyJournal())
{
    [Fact]
    public void A_failed_write_calls_OnPersistFailure_and_stops_the_actor()
    {
        var counter = Sys.ActorOf(CounterActor.Props("fails", TestActor));
        Watch(counter);
        ExpectMsg<RecoveryCompleted>();
        ((FaultyJournal)JournalStore).FailWrites = true;
        counter.Tell(new Add(1), TestActor);
        var failed = ExpectMsg<PersistFailed>();
        Assert.Equal(1, failed.SequenceNr);
        Assert.Contains("disk on fire", failed.Cause.Message);
        ExpectTerminated(counter);
    }
}

// The journal's call timeout is set above the recovery timeout: otherwise advancing virtual time by 31 s can time
// out the hanging replay call first, and recovery fails with the breaker's cancellation instead.
public sealed class RecoveryTimeoutTests() : PersistenceTestKit(
    journal: new FaultyJournal { HangReplays = true },
    settings: PersistenceSettings.Default with { JournalCircuitBreaker = CircuitBreakerSettings.JournalDefault with { CallTimeout = TimeSpan.FromMinutes(10) } },
    virtualTime: true)
{
    [Fact]
    public void A_replay_that_goes_silent_fails_recovery_after_the_event_timeout_and_stops_the_actor()
    {
        var counter = Sys.ActorOf(CounterActor.Props("hangs", TestActor));
        Watch(counter);
        // The timeout is scheduled once the actor holds its permit; keep advancing virtual time until it fires.
        AwaitCondition(() =>
        {
            Clock!.Advance(TimeSpan.FromSeconds(5));
            return Probe.PendingCount > 0;
        });
        var failed = ExpectMsg<RecoveryFailed>();
        Assert.IsType<RecoveryTimedOutException>(failed.Cause);
        ExpectTerminated(counter);
    }
}

public sealed class RecoveryPermitTests() : PersistenceTestKit(journal: new FaultyJournal { HangReplays = true }, settings: PersistenceSettings.Default with { MaxConcurrentRecoveries = 1 }, virtualTime: true)
{
    [Fact]
    public void Only_max_concurrent_recoveries_actors_recover_at_once_and_a_stopped_holder_frees_its_permit()
    {
        var journal = (FaultyJournal)JournalStore;
        var first = Sys.ActorOf(CounterActor.Props("p1", TestActor));
        // The first holds the only permit once its (hanging) replay started; only then start the second.
        AwaitCondition(() => journal.ReplaysStarted == 1);
        var second = Sys.ActorOf(CounterActor.Props("p2", TestActor));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, journal.ReplaysStarted);
        journal.HangReplays = false;
        StopAndWait(first);
        ExpectMsg<RecoveryCompleted>();
        second.Tell(new Get(), TestActor);
        ExpectMsg<Total>();
    }
}

public sealed class UnreadableEventTests() : PersistenceTestKit()
{
    [Fact]
    public async Task An_event_whose_manifest_is_not_registered_fails_recovery_after_the_events_before_it_and_stops_the_actor()
    {
        var (manifest, serializerId, payload) = Registry().Serialize(new Added(5));
        await JournalStore.WriteAsync([new AtomicWrite("unreadable", [
            new JournalRow("unreadable", 1, manifest, serializerId, payload, "w1", 0, []),
            new JournalRow("unreadable", 2, "no-such-tag@1", serializerId, payload, "w1", 0, []),
            new JournalRow("unreadable", 3, manifest, serializerId, payload, "w1", 0, []),
        ])], default);
        var counter = Sys.ActorOf(CounterActor.Props("unreadable", TestActor));
        Watch(counter);
        var failed = ExpectMsg<RecoveryFailed>();
        Assert.IsType<Kane.Persistence.Serialization.UnknownManifestException>(failed.Cause);
        ExpectTerminated(counter);
        // Nothing after the failure reached the actor: it reported no completion.
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
