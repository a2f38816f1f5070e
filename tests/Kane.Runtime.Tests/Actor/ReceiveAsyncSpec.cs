using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class ReceiveAsyncSpec : TestKit.TestKit
{
    [Fact]
    public void Messages_wait_until_the_async_handler_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Sys.ActorOf(Props.Create(() => new AsyncWorker(gate.Task)));
        a.Tell("slow", TestActor);
        a.Tell("fast", TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gate.SetResult();
        ExpectMsg("slow:done");
        ExpectMsg("fast:done");
    }

    [Fact]
    public void Sender_and_Self_stay_valid_after_an_await()
    {
        var a = Sys.ActorOf(Props.Create(() => new AsyncWorker(Task.CompletedTask)));
        var probe = CreateTestProbe();
        probe.Send(a, "yield");
        probe.ExpectMsg("yield:done");
        Assert.Equal(a, probe.LastSender);
    }

    [Fact]
    public void A_faulted_async_handler_fails_the_actor_like_a_throw()
    {
        var a = Sys.ActorOf(Props.Create(() => new AsyncWorker(Task.CompletedTask)));
        a.Tell("yield", TestActor);
        ExpectMsg("yield:done");
        a.Tell("boom", TestActor);
        a.Tell("count", TestActor);
        // The default strategy restarted the actor: its counter starts over.
        ExpectMsg(0);
    }

    private sealed class AsyncWorker : ReceiveActor
    {
        private int _handled;

        public AsyncWorker(Task gate)
        {
            Receive<string>(s => s == "count", _ => Sender.Tell(_handled));
            ReceiveAsync<string>(async s =>
            {
                if (s == "slow") await gate;
                if (s == "yield") await Task.Yield();
                if (s == "boom")
                {
                    await Task.Yield();
                    throw new InvalidOperationException("async failure");
                }
                _handled++;
                Sender.Tell($"{s}:done", Self);
            });
        }
    }
}
