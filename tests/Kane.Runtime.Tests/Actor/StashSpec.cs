using Kane.Actor;
using Kane.Event;

namespace Kane.Runtime.Tests.Actor;

public sealed class StashSpec : TestKit.TestKit
{
    public StashSpec() : base(ActorSystemSettings.Default with { StashCapacity = 3 }) { }

    [Fact]
    public void UnstashAll_replays_stashed_messages_in_order_before_newer_ones()
    {
        var a = Sys.ActorOf(Props.Create(() => new Gate()));
        a.Tell("m1", TestActor);
        a.Tell("m2", TestActor);
        a.Tell("open", TestActor);
        a.Tell("m3", TestActor);
        ExpectMsg("m1");
        ExpectMsg("m2");
        ExpectMsg("m3");
    }

    [Fact]
    public void A_full_stash_sends_the_message_to_dead_letters_with_a_warning()
    {
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters.Ref, typeof(DeadLetter));
        var a = Sys.ActorOf(Props.Create(() => new Gate()));
        EventFilter.Warning(contains: "stash full").ExpectOne(() =>
        {
            for (var i = 1; i <= 4; i++) a.Tell($"m{i}", TestActor);
        });
        var letter = letters.ExpectMsg<DeadLetter>();
        Assert.Equal("m4", letter.Message);
        Assert.Contains("stash full", letter.Reason);
        a.Tell("open", TestActor);
        ExpectMsg("m1");
        ExpectMsg("m2");
        ExpectMsg("m3");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Stashed_messages_are_unstashed_to_the_fresh_instance_on_restart()
    {
        var a = Sys.ActorOf(Props.Create(() => new Gate()));
        a.Tell("m1", TestActor);
        a.Tell("m2", TestActor);
        a.Tell("crash", TestActor);
        // After the restart the gate is closed again: the replayed messages are stashed once more, then released.
        a.Tell("open", TestActor);
        ExpectMsg("m1");
        ExpectMsg("m2");
    }

    [Fact]
    public void Stashed_messages_become_dead_letters_when_the_actor_stops()
    {
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters.Ref, typeof(DeadLetter));
        var a = Sys.ActorOf(Props.Create(() => new Gate()));
        a.Tell("m1", TestActor);
        a.Tell(PoisonPill.Instance, TestActor);
        Assert.Equal("m1", letters.ExpectMsg<DeadLetter>().Message);
    }

    private sealed class Gate : ReceiveActor, IWithStash
    {
        public IStash Stash { get; set; } = null!;

        public Gate()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<string>(s => Sender.Tell(s)));
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("crash"));
            Receive<string>(_ => Stash.Stash());
        }
    }
}
