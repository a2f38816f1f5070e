using Kane.Persistence.Tests.Actors;

namespace Kane.Persistence.Tests.Actors;

public sealed class PersistentActorTests : PersistenceTestKit
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void A_new_actor_completes_recovery_with_no_events_and_then_handles_commands()
    {
        var counter = Sys.ActorOf(CounterActor.Props("fresh", TestActor));
        ExpectMsg<RecoveryCompleted>();
        counter.Tell(new Add(5), TestActor);
        Assert.Equal(new[] { 5 }, ExpectMsg<Total>().History);
    }

    [Fact]
    public void A_restarted_incarnation_recovers_every_event_in_order_with_the_same_sequence_number()
    {
        var first = Sys.ActorOf(CounterActor.Props("c1", TestActor));
        ExpectMsg<RecoveryCompleted>();
        foreach (var i in new[] { 3, 1, 2 }) first.Tell(new Add(i), TestActor);
        ReceiveN(3);
        StopAndWait(first);

        var second = Sys.ActorOf(CounterActor.Props("c1", TestActor));
        ExpectMsg<RecoveryCompleted>();
        second.Tell(new Get(), TestActor);
        var state = ExpectMsg<Total>();
        Assert.Equal(new[] { 3, 1, 2 }, state.History);
        Assert.Equal(3, state.SequenceNr);
    }

    [Fact]
    public void A_replay_longer_than_many_journal_batches_reaches_the_handlers_in_order_and_commands_wait_for_it()
    {
        var first = Sys.ActorOf(CounterActor.Props("long", TestActor));
        ExpectMsg<RecoveryCompleted>();
        first.Tell(new AddMany(1500), TestActor);
        first.Tell(new Get(), TestActor);
        Assert.Equal(1500, ExpectMsg<Total>().SequenceNr);
        StopAndWait(first);

        var second = Sys.ActorOf(CounterActor.Props("long", TestActor));
        second.Tell(new Add(7), TestActor);
        ExpectMsg<RecoveryCompleted>();
        var state = ExpectMsg<Total>();
        Assert.Equal([.. Enumerable.Range(1, 1500), 7], state.History);
        Assert.Equal(1501, state.SequenceNr);
    }

    [Fact]
    public void Commands_sent_while_an_event_is_persisting_wait_until_its_handler_ran()
    {
        var counter = Sys.ActorOf(CounterActor.Props("stash", TestActor));
        counter.Tell(new Add(1), TestActor);
        counter.Tell(new Get(), TestActor);
        counter.Tell(new Add(2), TestActor);
        counter.Tell(new Get(), TestActor);
        ExpectMsg<RecoveryCompleted>();
        Assert.Equal(new[] { 1 }, ExpectMsg<Total>().History);
        Assert.Equal(new[] { 1 }, ExpectMsg<Total>().History);
        Assert.Equal(new[] { 1, 2 }, ExpectMsg<Total>().History);
        Assert.Equal(new[] { 1, 2 }, ExpectMsg<Total>().History);
    }

    [Fact]
    public void PersistAll_runs_each_handler_in_order_before_the_next_command()
    {
        var counter = Sys.ActorOf(CounterActor.Props("all", TestActor));
        ExpectMsg<RecoveryCompleted>();
        counter.Tell(new AddMany(4), TestActor);
        counter.Tell(new Get(), TestActor);
        var state = ExpectMsg<Total>();
        Assert.Equal(new[] { 1, 2, 3, 4 }, state.History);
        Assert.Equal(4, state.SequenceNr);
    }

    [Fact]
    public void Every_PersistAll_handler_sees_the_command_sender_and_the_events_so_far()
    {
        var counter = Sys.ActorOf(CounterActor.Props("all-sender", TestActor));
        ExpectMsg<RecoveryCompleted>();
        var client = CreateTestProbe();
        counter.Tell(new AddManyAndReply(3), client.Ref);
        Assert.Equal(new[] { 1 }, client.ExpectMsg<Total>().History);
        Assert.Equal(new[] { 1, 2 }, client.ExpectMsg<Total>().History);
        var last = client.ExpectMsg<Total>();
        Assert.Equal(new[] { 1, 2, 3 }, last.History);
        Assert.Equal(3, last.SequenceNr);
        ExpectNoMsg(Short);
    }

    [Fact]
    public void PersistAsync_keeps_handler_order_and_DeferAsync_runs_after_pending_handlers()
    {
        var counter = Sys.ActorOf(CounterActor.Props("async", TestActor));
        ExpectMsg<RecoveryCompleted>();
        counter.Tell(new AddAsync(1), TestActor);
        counter.Tell(new AddAsync(2), TestActor);
        counter.Tell("defer", TestActor);
        Assert.Equal(new[] { 1 }, ExpectMsg<Total>().History);
        Assert.Equal(new[] { 1, 2 }, ExpectMsg<Total>().History);
        ExpectMsg("deferred");
    }

    [Fact]
    public void A_rejected_event_skips_its_handler_and_the_actor_keeps_working()
    {
        var counter = Sys.ActorOf(CounterActor.Props("reject", TestActor));
        ExpectMsg<RecoveryCompleted>();
        counter.Tell(new Unstorable(1), TestActor);
        var rejected = ExpectMsg<Rejected>();
        Assert.Contains("Register it", rejected.Cause.Message);
        counter.Tell(new Add(7), TestActor);
        var state = ExpectMsg<Total>();
        Assert.Equal(new[] { 7 }, state.History);
        Assert.Equal(2, state.SequenceNr);
    }

    [Fact]
    public void A_snapshot_is_offered_first_and_only_later_events_are_replayed()
    {
        var first = Sys.ActorOf(CounterActor.Props("snap", TestActor));
        ExpectMsg<RecoveryCompleted>();
        first.Tell(new Add(1), TestActor);
        first.Tell(new Add(2), TestActor);
        ReceiveN(2);
        first.Tell(new Snap(), TestActor);
        Assert.Equal(2, ExpectMsg<SaveSnapshotSuccess>().Metadata.SequenceNr);
        first.Tell(new Add(3), TestActor);
        ExpectMsg<Total>();
        StopAndWait(first);

        var second = Sys.ActorOf(CounterActor.Props("snap", TestActor));
        var offer = ExpectMsg<SnapshotOffer>();
        Assert.Equal(2, offer.Metadata.SequenceNr);
        ExpectMsg<RecoveryCompleted>();
        second.Tell(new Get(), TestActor);
        var state = ExpectMsg<Total>();
        Assert.Equal(new[] { 1, 2, 3 }, state.History);
        Assert.Equal(3, state.SequenceNr);
    }

    [Fact]
    public void Deleting_every_event_keeps_the_sequence_numbering_going()
    {
        var first = Sys.ActorOf(CounterActor.Props("del", TestActor));
        ExpectMsg<RecoveryCompleted>();
        first.Tell(new Add(1), TestActor);
        first.Tell(new Add(2), TestActor);
        ReceiveN(2);
        first.Tell(new DeleteTo(long.MaxValue), TestActor);
        ExpectMsg<DeleteMessagesSuccess>();
        StopAndWait(first);

        var second = Sys.ActorOf(CounterActor.Props("del", TestActor));
        ExpectMsg<RecoveryCompleted>();
        second.Tell(new Add(5), TestActor);
        var state = ExpectMsg<Total>();
        Assert.Equal(new[] { 5 }, state.History);
        Assert.Equal(3, state.SequenceNr);
    }
}
