using Kane.Actor;
using Kane.Cluster.Sharding.Internal;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>
/// The fast path's per-thread slots against a closing shard: once <see cref="LocalRouting.Unpublish"/> returns, no
/// sender is still telling the entity through the fast path, and none starts to (what keeps every message told
/// directly ahead of the entity's stop message).
/// </summary>
public sealed class FastPathSendersSpec
{
    [Fact]
    public void No_fast_path_tell_is_still_running_or_starts_after_the_entry_is_unpublished()
    {
        var routing = new LocalRouting(new ShardEnvelopeExtractor(10), trackActivity: false);
        const int rounds = 300;
        var told = 0;
        for (var round = 0; round < rounds; round++)
        {
            var entity = new SlowRef();
            var entry = new EntityEntry("e" + round, entity, new ShardGate("s"));
            routing.Publish(entry);
            using var done = new CountdownEvent(2);
            var senders = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                while (!entity.Stopped && routing.TryTell(entry.Id, "m", null)) { }
                done.Signal();
            })).ToList();
            senders.ForEach(t => t.Start());
            Thread.SpinWait(round % 50 * 200); // close at different points of the senders' tells
            routing.Unpublish(entry);
            entity.Stopped = true; // the shard would send the stop message now
            done.Wait();
            Assert.Equal(0, entity.Late);
            Assert.False(routing.TryTell(entry.Id, "m", null));
            told += entity.Told;
        }
        Assert.True(told > rounds, $"the senders took the fast path only {told} times in {rounds} rounds");
    }

    [Fact]
    public void A_dead_senders_slot_is_dropped_when_another_thread_registers()
    {
        var routing = new LocalRouting(new ShardEnvelopeExtractor(10), trackActivity: false);
        var entry = new EntityEntry("e", new SlowRef(), new ShardGate("s"));
        routing.Publish(entry);
        var before = FastPathSenders.Registered;
        for (var i = 0; i < 20; i++)
        {
            var t = new Thread(() => routing.TryTell("e", "m", null));
            t.Start();
            t.Join();
        }
        // Each new thread dropped the dead ones before it: at most one dead slot is left from this test's threads.
        Assert.True(FastPathSenders.Registered <= before + 1, $"{FastPathSenders.Registered} slots after 20 short-lived senders (started from {before})");
    }

    /// <summary>An entity ref whose tell takes a while, and that counts tells still running or starting once it is stopped.</summary>
    private sealed class SlowRef : ActorRefBase
    {
        private int _told, _late;
        private volatile bool _stopped;

        public bool Stopped { get => _stopped; set => _stopped = value; }

        public int Told => Volatile.Read(ref _told);

        public int Late => Volatile.Read(ref _late);

        public override ActorPath Path { get; } = ActorPath.Root(new Address("kane", "test")) / "entity";

        public override void Tell(object message, IActorRef? sender)
        {
            if (_stopped) Interlocked.Increment(ref _late);
            Thread.SpinWait(100); // a tell the closer can catch in the middle
            if (_stopped) Interlocked.Increment(ref _late);
            Interlocked.Increment(ref _told);
        }
    }
}
