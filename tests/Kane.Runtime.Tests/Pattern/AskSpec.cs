using Kane.Actor;
using Kane.Pattern;
using Kane.Runtime.Tests.Actor;

namespace Kane.Runtime.Tests.Pattern;

public sealed class AskSpec() : TestKit.TestKit(virtualTime: true)
{
    [Fact]
    public async Task An_ask_without_a_reply_times_out_on_the_system_clock()
    {
        var silent = Sys.ActorOf(Props.Empty, "silent");
        var ask = silent.Ask<int>("anyone?", TimeSpan.FromSeconds(5));
        Clock!.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.False(ask.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Contains("silent", e.Message);
        Assert.Contains("String", e.Message);
    }

    [Fact]
    public async Task An_ask_without_a_timeout_uses_the_configured_default()
    {
        var silent = Sys.ActorOf(Props.Empty);
        var ask = silent.Ask<int>("x");
        Clock!.Advance(Sys.Settings.AskTimeout);
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
    }

    [Fact]
    public async Task A_reply_after_the_timeout_goes_to_dead_letters()
    {
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters.Ref, typeof(Kane.Event.DeadLetter));
        var delayed = Sys.ActorOf(Props.Create(() => new DelayedReplier()));
        var ask = delayed.Ask<string>("late", TimeSpan.FromSeconds(1));
        Clock!.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        delayed.Tell("reply-now", TestActor);
        Assert.Equal("late", letters.ExpectMsg<Kane.Event.DeadLetter>().Message);
    }

    [Fact]
    public async Task PipeTo_sends_the_result_or_a_failure()
    {
        await Task.FromResult(5).PipeTo(TestActor);
        ExpectMsg(5);
        await Task.FromException<int>(new InvalidOperationException("bad")).PipeTo(TestActor);
        Assert.Equal("bad", ExpectMsg<Status.Failure>().Cause.Message);
        await Task.FromResult(2).PipeTo(TestActor, success: v => $"mapped:{v}");
        ExpectMsg("mapped:2");
        await Task.CompletedTask.PipeTo(TestActor);
        ExpectMsg<Status.Success>();
    }

    [Fact]
    public async Task GracefulStop_completes_after_the_actor_stopped()
    {
        var a = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor, "g")));
        ExpectMsg("g:prestart");
        Assert.True(await a.GracefulStop(TimeSpan.FromSeconds(5)));
        ExpectMsg("g:poststop");
    }

    [Fact]
    public async Task GracefulStop_reports_false_when_the_actor_does_not_stop_in_time()
    {
        var stubborn = Sys.ActorOf(Props.Create<EchoActor>());
        var stop = stubborn.GracefulStop(TimeSpan.FromSeconds(2), stopMessage: "not-a-stop");
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock!.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await stop);
    }

    private sealed class DelayedReplier : ReceiveActor
    {
        private IActorRef? _asker;

        public DelayedReplier()
        {
            Receive<string>(s => s == "late", _ => _asker = Sender);
            Receive<string>(s => s == "reply-now", _ => _asker!.Tell("late"));
        }
    }
}
