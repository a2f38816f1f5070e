using Kane.Persistence.Snapshot;

namespace Kane.Persistence.Tests.Conformance;

/// <summary>The contract every <see cref="ISnapshotStore"/> keeps.</summary>
public abstract class SnapshotStoreConformance : IAsyncLifetime
{
    private ISnapshotStore? _store;

    protected ISnapshotStore Store => _store!;

    protected abstract Task<ISnapshotStore> CreateStore();

    public async Task InitializeAsync() => _store = await CreateStore();

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    private static readonly string s_run = Guid.NewGuid().ToString("N")[..8];

    private static SnapshotRow Snap(string pid, long seq, long ts) => new(new SnapshotMetadata(pid, seq, ts), "snap@1", 1, [(byte)seq]);

    [Fact]
    public async Task Load_returns_the_newest_snapshot_matching_the_criteria()
    {
        var pid = "s-" + s_run;
        Assert.Null(await Store.LoadAsync(pid, SnapshotSelectionCriteria.Latest, default));
        foreach (var seq in new long[] { 10, 20, 30 }) await Store.SaveAsync(Snap(pid, seq, 1000 + seq), default);
        Assert.Equal(30, (await Store.LoadAsync(pid, SnapshotSelectionCriteria.Latest, default))!.Metadata.SequenceNr);
        var upTo25 = await Store.LoadAsync(pid, new SnapshotSelectionCriteria(25), default);
        Assert.Equal(20, upTo25!.Metadata.SequenceNr);
        Assert.Equal(new byte[] { 20 }, upTo25.Payload);
        Assert.Equal("snap@1", upTo25.Manifest);
        Assert.Equal(10, (await Store.LoadAsync(pid, new SnapshotSelectionCriteria(long.MaxValue, 1015), default))!.Metadata.SequenceNr);
    }

    [Fact]
    public async Task Delete_by_criteria_and_by_metadata_remove_only_what_they_select()
    {
        var pid = "d-" + s_run;
        foreach (var seq in new long[] { 1, 2, 3 }) await Store.SaveAsync(Snap(pid, seq, seq), default);
        await Store.DeleteAsync(pid, new SnapshotSelectionCriteria(2), default);
        Assert.Equal(3, (await Store.LoadAsync(pid, SnapshotSelectionCriteria.Latest, default))!.Metadata.SequenceNr);
        Assert.Null(await Store.LoadAsync(pid, new SnapshotSelectionCriteria(2), default));
        await Store.DeleteAsync(new SnapshotMetadata(pid, 3, 3), default);
        Assert.Null(await Store.LoadAsync(pid, SnapshotSelectionCriteria.Latest, default));
    }

    [Fact]
    public async Task Saving_at_an_existing_sequence_number_replaces_the_snapshot()
    {
        var pid = "r-" + s_run;
        await Store.SaveAsync(Snap(pid, 5, 1), default);
        await Store.SaveAsync(Snap(pid, 5, 2) with { Payload = [99] }, default);
        Assert.Equal(new byte[] { 99 }, (await Store.LoadAsync(pid, SnapshotSelectionCriteria.Latest, default))!.Payload);
    }
}
