using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class BecomeSpec : TestKit.TestKit
{
    [Fact]
    public void Become_replaces_the_behaviour()
    {
        var a = Sys.ActorOf(Props.Create(() => new Switch()));
        a.Tell("state", TestActor);
        ExpectMsg("off");
        a.Tell("toggle", TestActor);
        a.Tell("state", TestActor);
        ExpectMsg("on");
        a.Tell("toggle", TestActor);
        a.Tell("state", TestActor);
        ExpectMsg("off");
    }

    [Fact]
    public void BecomeStacked_and_Unbecome_return_to_the_previous_behaviour()
    {
        var a = Sys.ActorOf(Props.Create(() => new Stacker()));
        a.Tell("who", TestActor);
        ExpectMsg("base");
        a.Tell("push", TestActor);
        a.Tell("push", TestActor);
        a.Tell("who", TestActor);
        ExpectMsg("level");
        a.Tell("pop", TestActor);
        a.Tell("who", TestActor);
        ExpectMsg("level");
        a.Tell("pop", TestActor);
        a.Tell("who", TestActor);
        ExpectMsg("base");
    }

    [Fact]
    public void Context_Become_works_with_a_plain_delegate()
    {
        var a = Sys.ActorOf(Props.Create(() => new DelegateSwitch()));
        a.Tell(1, TestActor);
        ExpectMsg("first:1");
        a.Tell(2, TestActor);
        ExpectMsg("second:2");
    }

    [Fact]
    public void A_restart_returns_to_the_initial_behaviour()
    {
        var a = Sys.ActorOf(Props.Create(() => new Switch()));
        a.Tell("toggle", TestActor);
        a.Tell("crash", TestActor);
        a.Tell("state", TestActor);
        ExpectMsg("off");
    }

    private sealed class Switch : ReceiveActor
    {
        public Switch() => Off();

        private void Off()
        {
            Receive<string>(s => s == "state", _ => Sender.Tell("off"));
            Receive<string>(s => s == "toggle", _ => Become(On));
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("crash"));
        }

        private void On()
        {
            Receive<string>(s => s == "state", _ => Sender.Tell("on"));
            Receive<string>(s => s == "toggle", _ => Become(Off));
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("crash"));
        }
    }

    private sealed class Stacker : ReceiveActor
    {
        public Stacker()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("base"));
            Receive<string>(s => s == "push", _ => BecomeStacked(Level));
        }

        private void Level()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("level"));
            Receive<string>(s => s == "push", _ => BecomeStacked(Level));
            Receive<string>(s => s == "pop", _ => Context.Unbecome());
        }
    }

    private sealed class DelegateSwitch : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            Sender.Tell($"first:{message}");
            Context.Become(m =>
            {
                Sender.Tell($"second:{m}");
                return true;
            });
        }
    }
}
