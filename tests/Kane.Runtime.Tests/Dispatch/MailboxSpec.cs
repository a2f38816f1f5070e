using Kane.Actor;
using Kane.Dispatch;
using Kane.Event;
using Kane.Runtime.Tests.Actor;

namespace Kane.Runtime.Tests.Dispatch;

public sealed class MailboxSpec() : TestKit.TestKit(ActorSystemSettings.Default with
{
    Mailboxes = new Dictionary<string, MailboxType>
    {
        ["bounded-3"] = new BoundedMailboxType(3, MailboxOverflow.DeadLetter, TimeSpan.Zero),
        ["bounded-bp"] = new BoundedMailboxType(2, MailboxOverflow.BackPressure, TimeSpan.FromSeconds(5)),
        ["bounded-bp-short"] = new BoundedMailboxType(1, MailboxOverflow.BackPressure, TimeSpan.FromMilliseconds(50)),
        ["priority"] = new StablePriorityMailboxType(m => m is string s && s.StartsWith("urgent", StringComparison.Ordinal) ? 0 : 1),
    },
})
{
    [Fact]
    public void System_messages_are_processed_before_queued_user_messages()
    {
        var gate = new ManualResetEventSlim();
        var a = Sys.ActorOf(Props.Create(() => new Blocker(gate, TestActor)));
        a.Tell("block", TestActor);
        ExpectMsg("blocked");
        for (var i = 0; i < 50; i++) a.Tell(i, TestActor);
        Watch(a);
        Sys.Stop(a);
        gate.Set();
        // The stop (a system message) overtakes the 50 queued user messages: none is processed.
        ExpectTerminated(a);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_full_bounded_mailbox_dead_letters_the_overflow_with_a_warning()
    {
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters.Ref, typeof(DeadLetter));
        var gate = new ManualResetEventSlim();
        var a = Sys.ActorOf(Props.Create(() => new Blocker(gate, TestActor)).WithMailbox("bounded-3"));
        a.Tell("block", TestActor);
        ExpectMsg("blocked");
        EventFilter.Warning(contains: "mailbox full").ExpectOne(() =>
        {
            for (var i = 0; i < 4; i++) a.Tell(i, TestActor);
        });
        var letter = letters.ExpectMsg<DeadLetter>();
        Assert.Equal(3, letter.Message);
        Assert.Equal("mailbox full", letter.Reason);
        gate.Set();
        ExpectMsg(0);
        ExpectMsg(1);
        ExpectMsg(2);
    }

    [Fact]
    public async Task A_back_pressure_mailbox_blocks_the_sender_until_there_is_room()
    {
        var gate = new ManualResetEventSlim();
        var a = Sys.ActorOf(Props.Create(() => new Blocker(gate, TestActor)).WithMailbox("bounded-bp"));
        a.Tell("block", TestActor);
        ExpectMsg("blocked");
        a.Tell(0, TestActor);
        a.Tell(1, TestActor);
        var third = Task.Run(() => a.Tell(2, TestActor));
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        gate.Set();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        ExpectMsg(0);
        ExpectMsg(1);
        ExpectMsg(2);
    }

    [Fact]
    public void A_back_pressured_send_that_times_out_goes_to_dead_letters()
    {
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters.Ref, typeof(DeadLetter));
        var gate = new ManualResetEventSlim();
        var a = Sys.ActorOf(Props.Create(() => new Blocker(gate, TestActor)).WithMailbox("bounded-bp-short"));
        a.Tell("block", TestActor);
        ExpectMsg("blocked");
        a.Tell(0, TestActor);
        a.Tell(1, TestActor);
        Assert.Equal(1, letters.ExpectMsg<DeadLetter>().Message);
        gate.Set();
        ExpectMsg(0);
    }

    [Fact]
    public void The_priority_mailbox_orders_by_priority_and_keeps_send_order_within_a_priority()
    {
        var gate = new ManualResetEventSlim();
        var a = Sys.ActorOf(Props.Create(() => new Blocker(gate, TestActor)).WithMailbox("priority"));
        a.Tell("block", TestActor);
        ExpectMsg("blocked");
        foreach (var m in new[] { "n1", "urgent1", "n2", "urgent2", "n3" }) a.Tell(m, TestActor);
        gate.Set();
        Assert.Equal(["urgent1", "urgent2", "n1", "n2", "n3"], ReceiveN(5).Cast<string>());
    }

    [Fact]
    public void An_unknown_mailbox_id_is_rejected_with_a_hint()
    {
        var e = Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create<EchoActor>().WithMailbox("nope")));
        Assert.Contains("Unknown mailbox 'nope'", e.Message);
    }

    [Fact]
    public void The_default_mailbox_keeps_per_sender_order_under_concurrent_senders()
    {
        var a = Sys.ActorOf(Props.Create(() => new OrderChecker(TestActor)));
        const int senders = 4, perSender = 20_000;
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < perSender; i++) a.Tell((s, i), ActorRefs.NoSender);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        a.Tell("report", TestActor);
        ExpectMsg(senders * perSender, TimeSpan.FromSeconds(20));
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim gate, IActorRef probe)
        {
            Receive<string>(s => s == "block", _ =>
            {
                probe.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(10));
            });
            ReceiveAny(m => probe.Tell(m));
        }
    }

    private sealed class OrderChecker : ReceiveActor
    {
        private readonly Dictionary<int, int> _next = [];
        private int _received;

        public OrderChecker(IActorRef probe)
        {
            Receive<(int Sender, int Seq)>(m =>
            {
                var expected = _next.GetValueOrDefault(m.Sender);
                if (m.Seq != expected) throw new InvalidOperationException($"sender {m.Sender}: got {m.Seq}, expected {expected}");
                _next[m.Sender] = expected + 1;
                _received++;
            });
            Receive<string>(_ => probe.Tell(_received));
        }
    }
}
