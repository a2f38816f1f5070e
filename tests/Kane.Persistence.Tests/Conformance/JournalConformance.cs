using Kane.Persistence.Journal;

namespace Kane.Persistence.Tests.Conformance;

/// <summary>
/// The contract every <see cref="IJournalStore"/> keeps. A store's test project derives from this class and
/// provides <see cref="CreateStore"/> on an empty database.
/// </summary>
public abstract class JournalConformance : IAsyncLifetime
{
    private IJournalStore? _store;

    protected IJournalStore Store => _store!;

    protected abstract Task<IJournalStore> CreateStore();

    public async Task InitializeAsync() => _store = await CreateStore();

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    private static readonly string s_run = Guid.NewGuid().ToString("N")[..8];

    protected static string Pid(string name) => $"{name}-{s_run}";

    protected static JournalRow Row(string pid, long seq, string writer = "w1", params string[] tags) =>
        new(pid, seq, "test@1", 1, [(byte)seq, 42], writer, 1_700_000_000_000 + seq, tags);

    protected static AtomicWrite Write(string pid, long from, long to, string writer = "w1") =>
        new(pid, [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(s => Row(pid, s, writer))]);

    private async Task<List<JournalRow>> Replay(string pid, long from = 1, long to = long.MaxValue, long max = long.MaxValue)
    {
        var rows = new List<JournalRow>();
        await Store.ReplayAsync(pid, from, to, max, rows.Add, default);
        return rows;
    }

    [Fact]
    public async Task Written_rows_replay_in_sequence_order_with_their_payload_and_writer()
    {
        var pid = Pid("order");
        var outcomes = await Store.WriteAsync([Write(pid, 1, 3), Write(pid, 4, 5)], default);
        Assert.All(outcomes, o => Assert.True(o.IsOk));
        var rows = await Replay(pid);
        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.SequenceNr));
        Assert.Equal(new byte[] { 3, 42 }, rows[2].Payload);
        Assert.Equal("w1", rows[2].WriterUuid);
        Assert.Equal("test@1", rows[2].Manifest);
        Assert.Equal(1, rows[2].SerializerId);
    }

    [Fact]
    public async Task Written_durability_writes_alone_and_mixed_with_synced_ones_are_stored_like_any_other()
    {
        var pid = Pid("durability");
        Assert.All(await Store.WriteAsync([Write(pid, 1, 2) with { Durability = JournalDurability.Written }], default), o => Assert.True(o.IsOk));
        Assert.All(await Store.WriteAsync([Write(pid, 3, 3) with { Durability = JournalDurability.Written }, Write(pid, 4, 5)], default), o => Assert.True(o.IsOk));
        Assert.All(await Store.WriteAsync([Write(pid, 6, 6)], default), o => Assert.True(o.IsOk));
        Assert.Equal([1L, 2, 3, 4, 5, 6], (await Replay(pid)).Select(r => r.SequenceNr));
        var clash = await Store.WriteAsync([Write(pid, 6, 7) with { Durability = JournalDurability.Written }], default);
        Assert.IsType<JournalConflictException>(Assert.Single(clash).Failure);
    }

    [Fact]
    public async Task Replay_returns_each_rows_own_manifest_and_writer_when_many_of_them_alternate()
    {
        // More distinct manifests than a reader might keep decoded at once, revisited in turn, and a writer hand-over.
        var pid = Pid("manifests");
        var rows = Enumerable.Range(1, 40).Select(s => new JournalRow(pid, s, $"type-{s % 11}@{1 + s % 2}", 1, [(byte)s],
            s <= 20 ? "writer-a" : "writer-b", 1_700_000_000_000 + s, [])).ToList();
        await Store.WriteAsync([new AtomicWrite(pid, rows)], default);
        var replayed = await Replay(pid);
        Assert.Equal(rows.Select(r => (r.SequenceNr, r.Manifest, r.WriterUuid, r.Payload[0], r.Timestamp)),
            replayed.Select(r => (r.SequenceNr, r.Manifest, r.WriterUuid, r.Payload[0], r.Timestamp)));
    }

    [Fact]
    public async Task Replay_honours_from_to_and_max()
    {
        var pid = Pid("range");
        await Store.WriteAsync([Write(pid, 1, 10)], default);
        Assert.Equal([3L, 4, 5], (await Replay(pid, 3, 5)).Select(r => r.SequenceNr));
        Assert.Equal([2L, 3], (await Replay(pid, 2, 10, 2)).Select(r => r.SequenceNr));
        Assert.Empty(await Replay(pid, 11));
    }

    [Fact]
    public async Task Highest_sequence_number_is_zero_for_an_unknown_id_and_survives_deleting_everything()
    {
        var pid = Pid("highest");
        Assert.Equal(0, await Store.ReadHighestSequenceNrAsync(pid, 0, default));
        await Store.WriteAsync([Write(pid, 1, 4)], default);
        await Store.DeleteMessagesToAsync(pid, 2, default);
        Assert.Equal([3L, 4], (await Replay(pid)).Select(r => r.SequenceNr));
        await Store.DeleteMessagesToAsync(pid, long.MaxValue, default);
        Assert.Empty(await Replay(pid));
        Assert.Equal(4, await Store.ReadHighestSequenceNrAsync(pid, 0, default));
    }

    [Fact]
    public async Task A_deleted_sequence_number_cannot_be_written_again()
    {
        var pid = Pid("reuse");
        await Store.WriteAsync([Write(pid, 1, 2)], default);
        await Store.DeleteMessagesToAsync(pid, 2, default);
        var outcomes = await Store.WriteAsync([Write(pid, 2, 2, "w2")], default);
        Assert.IsType<JournalConflictException>(outcomes[0].Failure);
    }

    [Fact]
    public async Task A_second_writer_on_one_persistence_id_fails_loudly_and_writes_nothing_of_its_atomic_write()
    {
        var pid = Pid("two-writers");
        var other = Pid("bystander");
        await Store.WriteAsync([Write(pid, 1, 2, "old")], default);
        var outcomes = await Store.WriteAsync([Write(pid, 2, 3, "new"), Write(other, 1, 1)], default);
        var conflict = Assert.IsType<JournalConflictException>(outcomes[0].Failure);
        Assert.Equal(pid, conflict.PersistenceId);
        Assert.True(outcomes[1].IsOk, "a write of another persistence id in the same batch must not fail with it");
        var rows = await Replay(pid);
        Assert.Equal([1L, 2], rows.Select(r => r.SequenceNr));
        Assert.All(rows, r => Assert.Equal("old", r.WriterUuid));
        Assert.Single(await Replay(other));
    }

    [Fact]
    public async Task Tagged_rows_are_read_by_tag_in_write_order_from_an_offset()
    {
        var a = Pid("tag-a");
        var b = Pid("tag-b");
        var tag = Pid("tag");
        await Store.WriteAsync([new AtomicWrite(a, [Row(a, 1, "w", tag), Row(a, 2, "w")]), new AtomicWrite(b, [Row(b, 1, "w", tag, "other")])], default);
        await Store.WriteAsync([new AtomicWrite(a, [Row(a, 3, "w", tag)])], default);
        var all = await Store.ReadTaggedAsync(tag, 0, 100, default);
        Assert.Equal([(a, 1L), (b, 1L), (a, 3L)], all.Select(r => (r.PersistenceId, r.SequenceNr)));
        Assert.True(all[0].Ordering < all[1].Ordering && all[1].Ordering < all[2].Ordering);
        var after = await Store.ReadTaggedAsync(tag, all[0].Ordering, 1, default);
        Assert.Equal((b, 1L), (after.Single().PersistenceId, after.Single().SequenceNr));
        Assert.Equal(new[] { tag, "other" }.Order(), after.Single().Tags.Order());
    }

    [Fact]
    public async Task A_large_batch_of_tagged_and_untagged_rows_is_numbered_in_write_order_and_a_conflict_in_it_fails_only_its_write()
    {
        var a = Pid("mixed-a");
        var b = Pid("mixed-b");
        var c = Pid("mixed-c");
        var tag = Pid("mixed-tag");
        await Store.WriteAsync([Write(b, 1, 1, "old")], default);
        // Runs of untagged rows longer and shorter than any multi-row statement, broken by tagged rows.
        var aRows = Enumerable.Range(1, 40).Select(s => s % 13 == 0 ? Row(a, s, "w", tag) : Row(a, s)).ToList();
        var outcomes = await Store.WriteAsync(
            [new AtomicWrite(a, aRows[..20]), Write(b, 1, 19, "new"), new AtomicWrite(a, aRows[20..]), Write(c, 1, 11)], default);
        Assert.True(outcomes[0].IsOk && outcomes[2].IsOk && outcomes[3].IsOk, "writes next to a conflicting one must succeed");
        Assert.IsType<JournalConflictException>(outcomes[1].Failure);
        var replayedA = await Replay(a);
        Assert.Equal(Enumerable.Range(1, 40).Select(s => (long)s), replayedA.Select(r => r.SequenceNr));
        Assert.Equal(replayedA.Select(r => r.Ordering).Order(), replayedA.Select(r => r.Ordering));
        Assert.Equal(replayedA.Count, replayedA.Select(r => r.Ordering).Distinct().Count());
        Assert.True(replayedA[^1].Ordering < (await Replay(c))[0].Ordering, "a later write in the batch gets higher orderings");
        Assert.Equal([13L, 26, 39], (await Store.ReadTaggedAsync(tag, 0, 100, default)).Select(r => r.SequenceNr));
        Assert.Equal(["old"], (await Replay(b)).Select(r => r.WriterUuid));
        Assert.Equal(11, (await Replay(c)).Count);
    }
}
