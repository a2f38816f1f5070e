using Kane.Persistence.Delivery;
using Kane.TestKit;

namespace Kane.Persistence.Tests.Delivery;

public sealed class AtLeastOnceDeliveryTests() : PersistenceTestKit(
    settings: PersistenceSettings.Default with { AtLeastOnceDelivery = new AtLeastOnceDeliverySettings(TimeSpan.FromSeconds(10), 2, 3, 4) },
    virtualTime: true)
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(150);

    private (Kane.Actor.IActorRef Courier, TestProbe Destination) Start(string id, TestProbe? destination = null)
    {
        destination ??= CreateTestProbe();
        var courier = Sys.ActorOf(Courier.Props(id, destination.Ref, TestActor));
        ExpectMsg<RecoveryCompleted>();
        return (courier, destination);
    }

    private Unconfirmed State(Kane.Actor.IActorRef courier)
    {
        courier.Tell(new GetUnconfirmed(), TestActor);
        return ExpectMsg<Unconfirmed>();
    }

    [Fact]
    public void Delivery_ids_increase_by_one_and_an_unconfirmed_message_is_redelivered_after_the_interval_until_confirmed()
    {
        var (courier, dest) = Start("aold-redeliver");
        courier.Tell(new Send("a"), TestActor);
        courier.Tell(new Send("b"), TestActor);
        Assert.Equal(new Msg(1, "a"), dest.ExpectMsg<Msg>());
        Assert.Equal(new Msg(2, "b"), dest.ExpectMsg<Msg>());
        courier.Tell(new Confirm(2), TestActor);
        Assert.Equal(1, State(courier).Count);
        Clock!.Advance(s_interval - TimeSpan.FromSeconds(1));
        dest.ExpectNoMsg(s_quiet);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new Msg(1, "a"), dest.ExpectMsg<Msg>());
        courier.Tell(new Confirm(1), TestActor);
        Assert.Equal(0, State(courier).Count);
        Clock.Advance(3 * s_interval);
        dest.ExpectNoMsg(s_quiet);
    }

    [Fact]
    public void At_most_the_burst_limit_of_overdue_messages_is_redelivered_per_check_oldest_first()
    {
        var (courier, dest) = Start("aold-burst");
        foreach (var p in new[] { "a", "b", "c" }) courier.Tell(new Send(p), TestActor);
        dest.ReceiveN(3);
        // Ticks run every half interval; let the first (nothing due yet) be handled before the due one fires.
        Clock!.Advance(s_interval / 2);
        State(courier);
        Clock.Advance(s_interval / 2);
        Assert.Equal([1L, 2], dest.ReceiveN(2).Cast<Msg>().Select(m => m.DeliveryId));
        dest.ExpectNoMsg(s_quiet);
        Clock.Advance(s_interval / 2);
        Assert.Equal(3, dest.ExpectMsg<Msg>().DeliveryId);
    }

    [Fact]
    public void An_unconfirmed_warning_reaches_the_actor_once_a_delivery_had_the_configured_number_of_attempts()
    {
        var (courier, dest) = Start("aold-warn");
        courier.Tell(new Send("a"), TestActor);
        dest.ExpectMsg<Msg>();
        Clock!.Advance(s_interval);
        dest.ExpectMsg<Msg>();
        ExpectNoMsg(s_quiet);
        Clock.Advance(s_interval);
        dest.ExpectMsg<Msg>();
        var warning = ExpectMsg<UnconfirmedWarning>();
        Assert.Equal(new UnconfirmedDelivery(1, dest.Ref, new Msg(1, "a")), warning.UnconfirmedDeliveries.Single());
        Clock.Advance(s_interval);
        dest.ExpectMsg<Msg>();
        ExpectNoMsg(s_quiet);
    }

    [Fact]
    public void Deliver_throws_beyond_the_maximum_of_unconfirmed_messages()
    {
        var (courier, dest) = Start("aold-max");
        for (var i = 0; i < 5; i++) courier.Tell(new SendUnpersisted($"m{i}"), TestActor);
        dest.ReceiveN(4);
        Assert.Contains("max-unconfirmed-messages", ExpectMsg<MaxUnconfirmedMessagesExceededException>().Message);
        dest.ExpectNoMsg(s_quiet);
        Assert.Equal(4, State(courier).Count);
    }

    [Fact]
    public void A_delivery_snapshot_restores_the_current_id_and_the_unconfirmed_messages_which_are_sent_again()
    {
        var (first, dest) = Start("aold-snap-1");
        first.Tell(new Send("a"), TestActor);
        first.Tell(new Send("b"), TestActor);
        dest.ReceiveN(2);
        first.Tell(new Confirm(1), TestActor);
        var snapshot = State(first).Snapshot;
        Assert.Equal(2, snapshot.CurrentDeliveryId);
        Assert.Equal(new Msg(2, "b"), snapshot.UnconfirmedDeliveries.Single().Message);

        var (second, _) = Start("aold-snap-2", dest);
        second.Tell(snapshot, TestActor);
        Assert.Equal(new Msg(2, "b"), dest.ExpectMsg<Msg>());
        second.Tell(new SendUnpersisted("c"), TestActor);
        Assert.Equal(new Msg(3, "c"), dest.ExpectMsg<Msg>());
    }

    [Fact]
    public void A_restarted_actor_replays_sent_and_confirmed_events_and_every_message_is_confirmed_once_in_effect()
    {
        var effects = new Dictionary<long, string>();
        var received = 0;
        void Receive(TestProbe dest, int n)
        {
            foreach (var m in dest.ReceiveN(n).Cast<Msg>())
            {
                received++;
                // The receiver deduplicates by delivery id: a redelivery must carry the same payload.
                if (effects.TryGetValue(m.DeliveryId, out var seen)) Assert.Equal(seen, m.Payload);
                else effects[m.DeliveryId] = m.Payload;
            }
        }

        var (first, dest) = Start("aold-restart");
        foreach (var p in new[] { "a", "b", "c" }) first.Tell(new Send(p), TestActor);
        Receive(dest, 3);
        first.Tell(new Confirm(1), TestActor);
        Assert.Equal(2, State(first).Count);
        StopAndWait(first);

        // Recovery rebuilds deliveries 2 and 3 (1 was confirmed) and sends them again when it completes.
        var (second, _) = Start("aold-restart", dest);
        Assert.Equal([2L, 3], dest.ReceiveN(2).Cast<Msg>().Select(m => m.DeliveryId));
        received += 2;
        second.Tell(new Send("d"), TestActor);
        Receive(dest, 1);
        foreach (var id in new long[] { 2, 3, 4 }) second.Tell(new Confirm(id), TestActor);
        Assert.Equal(0, State(second).Count);
        Clock!.Advance(3 * s_interval);
        dest.ExpectNoMsg(s_quiet);
        StopAndWait(second);

        var (third, _) = Start("aold-restart", dest);
        dest.ExpectNoMsg(s_quiet);
        Assert.Equal(0, State(third).Count);
        third.Tell(new Send("e"), TestActor);
        Assert.Equal(new Msg(5, "e"), dest.ExpectMsg<Msg>());
        Assert.Equal(new Dictionary<long, string> { [1] = "a", [2] = "b", [3] = "c", [4] = "d" }, effects);
        Assert.Equal(6, received);
    }
}
