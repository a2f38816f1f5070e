using Kane.Actor;

namespace Kane.TestKit.Tests;

public sealed class TestActorRefSpec : TestKit
{
    private sealed class Counter : ReceiveActor
    {
        public int Count { get; private set; }

        public Counter()
        {
            Receive<string>(s => s == "inc", _ => Count++);
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
        }
    }

    [Fact]
    public void Messages_are_processed_before_Tell_returns_and_the_state_is_visible()
    {
        var counter = ActorOfAsTestActorRef<Counter>();
        counter.Tell("inc");
        counter.Tell("inc");
        Assert.Equal(2, counter.UnderlyingActor.Count);
    }

    [Fact]
    public void A_restart_replaces_the_underlying_instance()
    {
        var counter = ActorOfAsTestActorRef<Counter>();
        counter.Tell("inc");
        var before = counter.UnderlyingActor;
        counter.Tell("fail");
        AwaitCondition(() => !ReferenceEquals(before, counter.UnderlyingActor));
        Assert.Equal(0, counter.UnderlyingActor.Count);
    }
}
