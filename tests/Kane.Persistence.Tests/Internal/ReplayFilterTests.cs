using Kane.Persistence.Internal;
using Kane.Persistence.Journal;

namespace Kane.Persistence.Tests.Internal;

public sealed class ReplayFilterTests
{
    private static JournalRow Row(long seq, string writer) => new("p", seq, "m@1", 1, [], writer, 0, []);

    private static List<(long, string)> Run(ReplayFilterMode mode, params JournalRow[] rows)
    {
        var emitted = new List<JournalRow>();
        var filter = new ReplayFilter(new ReplayFilterSettings(mode, 100, 10), _ => { });
        foreach (var r in rows) filter.Add(r, emitted.Add);
        filter.Complete(emitted.Add);
        return [.. emitted.Select(r => (r.SequenceNr, r.WriterUuid))];
    }

    [Fact]
    public void A_writer_that_continues_the_sequence_after_another_is_a_normal_hand_over()
    {
        Assert.Equal([(1L, "a"), (2L, "a"), (3L, "b")], Run(ReplayFilterMode.RepairByDiscardOld, Row(1, "a"), Row(2, "a"), Row(3, "b")));
    }

    [Fact]
    public void Repair_mode_drops_the_old_writers_events_that_a_newer_writer_overlapped()
    {
        var kept = Run(ReplayFilterMode.RepairByDiscardOld, Row(1, "a"), Row(2, "a"), Row(3, "a"), Row(2, "b"), Row(3, "b"), Row(4, "a"));
        Assert.Equal([(1L, "a"), (2L, "b"), (3L, "b")], kept);
    }

    [Fact]
    public void Fail_mode_throws_on_interleaved_writers()
    {
        Assert.Throws<InvalidOperationException>(() => Run(ReplayFilterMode.Fail, Row(1, "a"), Row(1, "b")));
    }
}
