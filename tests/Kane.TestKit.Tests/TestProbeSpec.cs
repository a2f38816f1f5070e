using Kane.Actor;
using Xunit.Sdk;

namespace Kane.TestKit.Tests;

public sealed class TestProbeSpec : TestKit
{
    [Fact]
    public void ExpectMsg_fails_on_timeout_saying_what_it_waited_for()
    {
        var e = Assert.Throws<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("String", e.Message);
        Assert.Contains("50 ms", e.Message);
    }

    [Fact]
    public void ExpectMsg_fails_on_a_wrong_message_naming_what_arrived()
    {
        TestActor.Tell(42, ActorRefs.NoSender);
        var e = Assert.Throws<XunitException>(() => ExpectMsg<string>());
        Assert.Contains("Int32", e.Message);
        Assert.Contains("42", e.Message);
    }

    [Fact]
    public void ExpectMsg_with_a_predicate_or_value_checks_the_content()
    {
        TestActor.Tell("abc", ActorRefs.NoSender);
        Assert.Equal("abc", ExpectMsg<string>(s => s.StartsWith('a')));
        TestActor.Tell("abc", ActorRefs.NoSender);
        Assert.Throws<XunitException>(() => ExpectMsg("xyz"));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_something_arrives()
    {
        TestActor.Tell("surprise", ActorRefs.NoSender);
        var e = Assert.Throws<XunitException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(200)));
        Assert.Contains("surprise", e.Message);
    }

    [Fact]
    public void ReceiveN_returns_messages_in_order_and_fails_when_too_few_arrive()
    {
        foreach (var i in new[] { 1, 2, 3 }) TestActor.Tell(i, ActorRefs.NoSender);
        Assert.Equal([1, 2, 3], ReceiveN(3).Cast<int>());
        TestActor.Tell(4, ActorRefs.NoSender);
        var e = Assert.Throws<XunitException>(() => ReceiveN(2, TimeSpan.FromMilliseconds(100)));
        Assert.Contains("received 1", e.Message);
    }

    [Fact]
    public void FishForMessage_skips_until_a_match()
    {
        foreach (var m in new object[] { 1, "skip", 2.5, "target" }) TestActor.Tell(m, ActorRefs.NoSender);
        Assert.Equal("target", FishForMessage(m => m is "target"));
        Assert.Throws<XunitException>(() => FishForMessage(m => m is "never", TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Reply_answers_the_last_sender()
    {
        var probe = CreateTestProbe();
        probe.Send(TestActor, "question");
        ExpectMsg("question");
        Probe.Reply("answer");
        probe.ExpectMsg("answer");
        Assert.Equal(TestActor, probe.LastSender);
    }

    [Fact]
    public void Within_fails_when_the_block_takes_too_long()
    {
        Assert.Throws<XunitException>(() => Within(TimeSpan.FromMilliseconds(10), () => Thread.Sleep(100)));
        Within(TimeSpan.FromSeconds(5), () => { });
    }

    [Fact]
    public void AwaitAssert_retries_until_the_assertion_passes_and_rethrows_after_the_deadline()
    {
        var counter = 0;
        AwaitAssert(() => Assert.True(++counter >= 3));
        Assert.Throws<EqualException>(() => AwaitAssert(() => Assert.Equal(1, 2), TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void AwaitCondition_fails_with_the_given_description()
    {
        var e = Assert.Throws<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), "never true"));
        Assert.Contains("never true", e.Message);
    }

    [Fact]
    public void Watch_and_ExpectTerminated_observe_an_actor_stopping()
    {
        var actor = Sys.ActorOf(Props.Empty);
        Watch(actor);
        Sys.Stop(actor);
        Assert.Equal(actor, ExpectTerminated(actor).ActorRef);
    }

    [Fact]
    public void Each_test_gets_a_fresh_system_that_is_terminated_afterwards()
    {
        var kit = new Throwaway();
        var system = kit.System;
        Assert.False(system.WhenTerminated.IsCompleted);
        kit.Dispose();
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    private sealed class Throwaway : TestKit
    {
        public ActorSystem System => Sys;
    }
}
