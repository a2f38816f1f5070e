using Kane.Persistence.Journal;
using Kane.Persistence.Query;
using Kane.Persistence.Serialization;

namespace Kane.Persistence.Tests.Conformance;

public sealed record TagEvent(string Name);

/// <summary>
/// The events-by-tag contract (current and live queries over <see cref="IJournalStore.ReadTaggedAsync"/>) that every
/// store keeps. Runs on virtual time: the live query polls only when the test advances the clock.
/// </summary>
public abstract class EventsByTagConformance() : TestKit.TestKit(virtualTime: true), IAsyncLifetime
{
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(1);
    private static readonly string s_run = Guid.NewGuid().ToString("N")[..8];
    private readonly EventSerializerRegistry _registry = new EventSerializerRegistry().Register<TagEvent>("tag-event");
    private IJournalStore? _store;

    protected IJournalStore Store => _store!;

    protected abstract Task<IJournalStore> CreateStore();

    public async Task InitializeAsync() => _store = await CreateStore();

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    private static string Pid(string name) => $"{name}-{s_run}";

    private PersistenceQuery Query(int pageSize = 500) => new(Store, _registry, Sys.Scheduler, s_refresh) { PageSize = pageSize };

    private JournalRow Row(string pid, long seq, params string[] tags)
    {
        var (manifest, serializerId, payload) = _registry.Serialize(new TagEvent($"{pid}#{seq}"));
        return new JournalRow(pid, seq, manifest, serializerId, payload, "w", 1_700_000_000_000 + seq, tags);
    }

    private async Task Write(string pid, long from, long to, params string[] tags)
    {
        var outcomes = await Store.WriteAsync([new AtomicWrite(pid, [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(s => Row(pid, s, tags))])], default);
        Assert.True(outcomes.Single().IsOk);
    }

    private static async Task<List<EventEnvelope>> All(IAsyncEnumerable<EventEnvelope> source)
    {
        var list = new List<EventEnvelope>();
        await foreach (var e in source) list.Add(e);
        return list;
    }

    [Fact]
    public async Task Current_events_by_tag_delivers_every_tagged_event_after_the_offset_across_pages_then_completes()
    {
        var (a, b, tag) = (Pid("cur-a"), Pid("cur-b"), Pid("cur"));
        await Write(a, 1, 3, tag);
        await Write(b, 1, 1, "unrelated");
        await Write(b, 2, 3, tag, "second");
        var all = await All(Query(pageSize: 2).CurrentEventsByTag(tag));
        Assert.Equal([$"{a}#1", $"{a}#2", $"{a}#3", $"{b}#2", $"{b}#3"], all.Select(e => ((TagEvent)e.Event).Name));
        Assert.Equal(all.Select(e => e.Offset).Order(), all.Select(e => e.Offset));
        Assert.Equal(all.Count, all.Select(e => e.Offset).Distinct().Count());
        Assert.Equal((b, 3L), (all[^1].PersistenceId, all[^1].SequenceNr));
        var rest = await All(Query(pageSize: 2).CurrentEventsByTag(tag, all[2].Offset));
        Assert.Equal(all.Skip(3).Select(e => e.Offset), rest.Select(e => e.Offset));
        Assert.Empty(await All(Query().CurrentEventsByTag(tag, all[^1].Offset)));
    }

    [Fact]
    public async Task Live_events_by_tag_delivers_a_new_event_at_the_next_refresh_interval_and_not_before()
    {
        var (a, tag) = (Pid("live-a"), Pid("live"));
        await Write(a, 1, 2, tag);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var timersBefore = Clock!.PendingTimers;
        await using var live = Query().EventsByTag(tag, 0, cts.Token).GetAsyncEnumerator();
        Assert.True(await live.MoveNextAsync());
        Assert.True(await live.MoveNextAsync());
        Assert.Equal(2, live.Current.SequenceNr);
        var next = live.MoveNextAsync().AsTask();
        // The query found nothing more and armed its poll timer.
        await WaitUntil(() => Clock.PendingTimers > timersBefore);
        await Write(a, 3, 3, tag);
        Clock.Advance(s_refresh - TimeSpan.FromMilliseconds(1));
        await Task.Delay(150);
        Assert.False(next.IsCompleted, "the live query must wait for the refresh interval before polling again");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((a, 3L), (live.Current.PersistenceId, live.Current.SequenceNr));
        cts.Cancel();
    }

    [Fact]
    public async Task A_consumer_resuming_from_its_last_offset_sees_each_tagged_event_exactly_once_while_writers_race()
    {
        var tag = Pid("race");
        const int writers = 4, writesEach = 30;
        var expected = new HashSet<(string, long)>();
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var pid = Pid($"race-{w}");
            long seq = 0;
            for (var i = 0; i < writesEach; i++)
            {
                var count = 1 + i % 3;
                await Write(pid, seq + 1, seq + count, tag);
                seq += count;
            }
            return Enumerable.Range(1, (int)seq).Select(s => (pid, (long)s));
        })).ToList();
        var seen = new List<(string, long)>();
        long last = 0;
        async Task Drain()
        {
            foreach (var e in await All(Query(pageSize: 7).CurrentEventsByTag(tag, last)))
            {
                Assert.True(e.Offset > last, "offsets must increase");
                seen.Add((e.PersistenceId, e.SequenceNr));
                last = e.Offset;
            }
        }
        while (!writing.All(t => t.IsCompleted)) await Drain();
        foreach (var t in writing) expected.UnionWith(await t);
        await Drain();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.Count, seen.Count);
        Assert.True(expected.SetEquals(seen), "every tagged event must be seen");
        foreach (var pidEvents in seen.GroupBy(s => s.Item1))
            Assert.Equal(pidEvents.Select(p => p.Item2).Order(), pidEvents.Select(p => p.Item2));
    }

    [Fact]
    public async Task A_piped_current_query_tells_each_envelope_to_an_actor_then_completed_with_the_last_offset()
    {
        var (a, tag) = (Pid("pipe-a"), Pid("pipe"));
        await Write(a, 1, 2, tag);
        using var pipe = Query().PipeEventsByTag(tag, 0, TestActor, live: false);
        Assert.Equal(1, ExpectMsg<EventEnvelope>().SequenceNr);
        var second = ExpectMsg<EventEnvelope>();
        Assert.Equal(2, second.SequenceNr);
        Assert.Equal(new EventsByTagCompleted(tag, second.Offset), ExpectMsg<EventsByTagCompleted>());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(10);
        }
    }
}
