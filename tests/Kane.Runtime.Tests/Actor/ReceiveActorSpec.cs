using Kane.Actor;
using Kane.Event;

namespace Kane.Runtime.Tests.Actor;

/// <summary>The handler list of <see cref="ReceiveActor"/>: kept bare for one handler, as an array for several.</summary>
public sealed class ReceiveActorSpec : TestKit.TestKit
{
    [Fact]
    public void A_single_handler_handles_its_type_and_leaves_others_unhandled()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var a = Sys.ActorOf(Props.Create(() => new OneHandler()));
        a.Tell("ping", TestActor);
        ExpectMsg("pong");
        a.Tell(42, TestActor);
        Assert.Equal(42, probe.ExpectMsg<UnhandledMessage>().Message);
        a.Tell("again", TestActor);
        ExpectMsg("pong");
    }

    [Fact]
    public void Several_handlers_are_tried_in_declaration_order_beyond_the_first_array_size()
    {
        var a = Sys.ActorOf(Props.Create(() => new ManyHandlers()));
        foreach (var m in new object[] { 1, "s", 2L, 3.0, 'c', true, (byte)7 }) a.Tell(m, TestActor);
        ExpectMsg("int");
        ExpectMsg("string");
        ExpectMsg("long");
        ExpectMsg("double");
        ExpectMsg("any"); // char: no typed handler, the catch-all declared sixth
        ExpectMsg("any"); // bool: declared after the catch-all, which takes it first
        ExpectMsg("any");
    }

    [Fact]
    public void An_actor_without_handlers_leaves_every_message_unhandled()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var a = Sys.ActorOf(Props.Create(() => new NoHandlers()));
        a.Tell("x", TestActor);
        Assert.Equal("x", probe.ExpectMsg<UnhandledMessage>().Message);
    }

    [Fact]
    public void Become_with_one_handler_replaces_a_single_initial_handler()
    {
        var a = Sys.ActorOf(Props.Create(() => new OneThenOther()));
        a.Tell("who", TestActor);
        ExpectMsg("first");
        a.Tell("who", TestActor);
        ExpectMsg("second");
        a.Tell("who", TestActor);
        ExpectMsg("second");
    }

    private sealed class OneHandler : ReceiveActor
    {
        public OneHandler() => Receive<string>(_ => Sender.Tell("pong"));
    }

    private sealed class ManyHandlers : ReceiveActor
    {
        public ManyHandlers()
        {
            Receive<int>(_ => Sender.Tell("int"));
            Receive<string>(_ => Sender.Tell("string"));
            Receive<long>(_ => Sender.Tell("long"));
            Receive<double>(_ => Sender.Tell("double"));
            Receive<float>(_ => Sender.Tell("float"));
            ReceiveAny(_ => Sender.Tell("any"));
            Receive<bool>(_ => Sender.Tell("bool"));
        }
    }

    private sealed class NoHandlers : ReceiveActor;

    private sealed class OneThenOther : ReceiveActor
    {
        public OneThenOther() => Receive<string>(_ =>
        {
            Sender.Tell("first");
            Become(() => Receive<string>(_ => Sender.Tell("second")));
        });
    }
}
