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

    [Fact]
    public void A_handler_left_over_from_a_restarted_instance_does_not_resume_the_new_one()
    {
        var stale = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gates = new Queue<Task>([stale.Task, fresh.Task]);
        var noise = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new AllForOneStrategy(_ => Directive.Restart))));
        supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new GatedWorker(gates)), "worker"), TestActor);
        var worker = ExpectMsg<IActorRef>();
        supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new LifecycleActor(noise.Ref, "sibling")), "sibling"), TestActor);
        var sibling = ExpectMsg<IActorRef>();
        worker.Tell("wait", TestActor);
        ExpectMsg("waiting");
        // The sibling fails: all-for-one restarts the worker too, by a system message, while it awaits.
        sibling.Tell("fail:x", TestActor);
        worker.Tell("wait", TestActor);
        ExpectMsg("waiting");
        worker.Tell("after", TestActor);
        stale.SetResult();
        // The old instance's handler finishes (its own reply), but its completion must not resume the new one.
        ExpectMsg("wait:done");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        fresh.SetResult();
        ExpectMsg("wait:done");
        ExpectMsg("after:done");
    }

    private sealed class GatedWorker : ReceiveActor
    {
        public GatedWorker(Queue<Task> gates)
        {
            ReceiveAsync<string>(async s =>
            {
                if (s == "wait")
                {
                    Sender.Tell("waiting");
                    await gates.Dequeue();
                }
                Sender.Tell($"{s}:done");
            });
        }
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
