using Kane.Actor;

namespace Kane.Remote.Tests;

/// <summary>Two systems that first talk to each other at the same instant both dial: no message may be lost in the tie-break.</summary>
public sealed class SimultaneousDialSpec
{
    private sealed class Counter : ReceiveActor
    {
        public Counter(CountdownEvent received) => Receive<int>(_ => received.Signal());
    }

    [Fact]
    public async Task When_both_systems_dial_each_other_at_once_every_message_arrives()
    {
        const int rounds = 15, perSide = 50;
        for (var round = 0; round < rounds; round++)
        {
            using var systems = new RemoteSystems();
            var a = systems.Start("dial-a");
            var b = systems.Start("dial-b");
            using var atA = new CountdownEvent(perSide);
            using var atB = new CountdownEvent(perSide);
            a.ActorOf(Props.Create(() => new Counter(atA)), "counter");
            b.ActorOf(Props.Create(() => new Counter(atB)), "counter");
            var toB = a.ActorSelection($"{b.Address}/user/counter");
            var toA = b.ActorSelection($"{a.Address}/user/counter");
            using var start = new Barrier(2);
            var sendA = Task.Run(() => { start.SignalAndWait(); for (var i = 0; i < perSide; i++) toB.Tell(i); });
            var sendB = Task.Run(() => { start.SignalAndWait(); for (var i = 0; i < perSide; i++) toA.Tell(i); });
            await Task.WhenAll(sendA, sendB);
            Assert.True(atB.Wait(TimeSpan.FromSeconds(10)), $"round {round}: {perSide - atB.CurrentCount} of {perSide} arrived at b");
            Assert.True(atA.Wait(TimeSpan.FromSeconds(10)), $"round {round}: {perSide - atA.CurrentCount} of {perSide} arrived at a");
        }
    }
}
