using Kane.Actor;
using Kane.Cluster.Sharding.Internal;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>
/// The sending thread's cache of entries by id string instance (docs/decisions/0036-sender-entry-cache.md): it answers
/// only for the region it was filled by, never with an entry that was unpublished, and does not keep short-lived ids.
/// </summary>
public sealed class SenderEntryCacheSpec
{
    [Fact]
    public void A_sender_that_keeps_its_id_string_reaches_the_entitys_next_incarnation_not_the_stopped_one()
    {
        var routing = new LocalRouting(new ShardEnvelopeExtractor(10), trackActivity: false);
        var gate = routing.Gate("1");
        var id = LongLived("entity-1");
        var first = new CountingRef();
        var firstEntry = new EntityEntry(id, first, gate);
        routing.Publish(firstEntry);

        Assert.True(routing.TryTell(id, "a", null));
        Assert.Same(firstEntry, CachedFor(id)); // the next tell with this string is answered from the cache
        Assert.True(routing.TryTell(id, "b", null));

        routing.Unpublish(firstEntry); // passivated
        Assert.False(routing.TryTell(id, "c", null)); // not running here: the region's path, not the stopped entity
        var second = new CountingRef();
        var secondEntry = new EntityEntry(new string(id.AsSpan()), second, gate); // the shard's own copy of the id
        routing.Publish(secondEntry);
        Assert.True(routing.TryTell(id, "d", null));

        Assert.Equal(["a", "b"], first.Messages);
        Assert.Equal(["d"], second.Messages);
        Assert.Same(secondEntry, CachedFor(id));
    }

    [Fact]
    public void The_same_id_string_sent_to_two_regions_reaches_each_regions_own_entity()
    {
        var agents = new LocalRouting(new ShardEnvelopeExtractor(10), trackActivity: false);
        var jobs = new LocalRouting(new ShardEnvelopeExtractor(10), trackActivity: false);
        var id = LongLived("node-7");
        var agent = new CountingRef();
        var job = new CountingRef();
        agents.Publish(new EntityEntry(id, agent, agents.Gate("3")));
        jobs.Publish(new EntityEntry(id, job, jobs.Gate("3")));

        for (var i = 0; i < 3; i++)
        {
            Assert.True(agents.TryTell(id, "to-agent-" + i, null));
            Assert.True(jobs.TryTell(id, "to-job-" + i, null));
        }

        Assert.Equal(["to-agent-0", "to-agent-1", "to-agent-2"], agent.Messages);
        Assert.Equal(["to-job-0", "to-job-1", "to-job-2"], job.Messages);
    }

    [Fact]
    public void A_short_lived_id_string_is_looked_up_in_the_table_and_not_kept()
    {
        var routing = new LocalRouting(new ShardEnvelopeExtractor(10), trackActivity: false);
        var entity = new CountingRef();
        routing.Publish(new EntityEntry(LongLived("entity-2"), entity, routing.Gate("2")));
        for (var attempt = 0; ; attempt++)
        {
            var fresh = new string("entity-2".AsSpan()); // as a sender that builds the id for each message has it
            Assert.True(routing.TryTell(fresh, attempt, null));
            var cached = CachedFor(fresh);
            // Still in generation 0 afterwards: no collection came between (one would have promoted and moved it).
            if (GC.GetGeneration(fresh) != 0 && attempt < 10) continue;
            Assert.Null(cached);
            Assert.Equal(attempt + 1, entity.Messages.Count);
            break;
        }
    }

    [Fact]
    public void Thousands_of_long_lived_ids_through_one_thread_each_reach_their_own_entity()
    {
        // More ids than the cache has entries: sets overflow and evict, and no id is ever answered with another's entry.
        var routing = new LocalRouting(new ShardEnvelopeExtractor(100), trackActivity: false);
        var ids = Enumerable.Range(0, 3 * SenderSlot.CacheSets * SenderSlot.CacheWays).Select(i => "e" + i).ToArray();
        GC.Collect();
        var entities = ids.Select(id =>
        {
            var entity = new CountingRef();
            routing.Publish(new EntityEntry(id, entity, routing.Gate((id.Length % 100).ToString())));
            return entity;
        }).ToArray();

        for (var round = 0; round < 3; round++)
            for (var i = 0; i < ids.Length; i++)
                Assert.True(routing.TryTell(ids[i], i, null));

        for (var i = 0; i < ids.Length; i++) Assert.Equal([i, i, i], entities[i].Messages);
    }

    /// <summary>An id string that has survived a collection, as one a sender keeps (in a field, in a list) would have.</summary>
    private static string LongLived(string id)
    {
        var s = new string(id.AsSpan());
        GC.Collect();
        Assert.NotEqual(0, GC.GetGeneration(s));
        return s;
    }

    /// <summary>
    /// The entry the calling thread's cache holds for this very string instance, if any: the whole cache is searched,
    /// because a collection that moved the string since it was cached changed the set its address picks.
    /// </summary>
    private static EntityEntry? CachedFor(string id) =>
        FastPathSenders.Current.Cache.Where(item => ReferenceEquals(item.Id, id)).Select(item => item.Entry).SingleOrDefault();

    /// <summary>An entity ref that records what it was told, in order.</summary>
    private sealed class CountingRef : ActorRefBase
    {
        private readonly List<object> _messages = [];

        public List<object> Messages
        {
            get
            {
                lock (_messages) return [.. _messages];
            }
        }

        public override ActorPath Path { get; } = ActorPath.Root(new Address("kane", "test")) / "entity";

        public override void Tell(object message, IActorRef? sender)
        {
            lock (_messages) _messages.Add(message);
        }
    }
}
