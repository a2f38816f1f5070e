using Kane.Organize.Hashing;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Tests.Moving;

public sealed class MoveJournalTests : IDisposable
{
    private readonly Scratch _s = new();

    private static MoveRequest Request(int i) =>
        new($"/src/file {i}.jpg", $"/dst/images/file {i}.jpg", i * 10, new Hash128((ulong)i, (ulong)i * 7));

    private MoveEntry Begin(MoveJournal journal, MoveRequest request) =>
        journal.Begin(request, id => MoveOperations.TempPathFor(request, journal.RunId, id));

    [Fact]
    public void Entries_read_back_with_their_requests_and_last_states()
    {
        using (var journal = _s.Journal())
        {
            var a = Begin(journal, Request(1));
            var b = Begin(journal, Request(2));
            Begin(journal, Request(3));
            journal.MarkDone(a.Id, copied: true);
            journal.MarkPlacing(b.Id);
            journal.MarkFailed(b.Id, MoveFailure.TargetExists, 17, "occupied");
        }

        var entries = MoveJournal.Read(_s.Journals, "run1");

        Assert.Equal([Request(1), Request(2), Request(3)], entries.Select(e => e.Request));
        Assert.Equal([MoveState.Done, MoveState.Failed, MoveState.Pending], entries.Select(e => e.State));
        Assert.True(entries[0].Copied);
        Assert.Equal((MoveFailure.TargetExists, 17, "occupied"), (entries[1].Failure, entries[1].Errno, entries[1].Message));
        Assert.Equal("/dst/images/.kane-move.run1.1.tmp", entries[0].TempPath);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void A_record_torn_by_a_crash_is_ignored_and_cut_off_so_appends_continue(int cut)
    {
        using (var journal = _s.Journal())
        {
            Begin(journal, Request(1));
            Begin(journal, Request(2));
        }
        var path = MoveJournal.PathFor(_s.Journals, "run1");
        var length = new FileInfo(path).Length;
        using (var f = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            RandomAccess.SetLength(f, length - cut);

        using (var journal = _s.Journal())
        {
            Assert.True(journal.TruncatedBytes > 0);
            Assert.Equal([Request(1)], journal.Entries.Select(e => e.Request));
            Begin(journal, Request(3));
        }
        Assert.Equal([Request(1), Request(3)], MoveJournal.Read(_s.Journals, "run1").Select(e => e.Request));
    }

    [Fact]
    public void Garbage_after_the_last_record_is_ignored()
    {
        using (var journal = _s.Journal())
            Begin(journal, Request(1));
        File.AppendAllText(MoveJournal.PathFor(_s.Journals, "run1"), "KMJ1 half a record and then garbage");

        Assert.Equal([Request(1)], MoveJournal.Read(_s.Journals, "run1").Select(e => e.Request));
    }

    [Fact]
    public void A_journal_held_open_cannot_be_opened_a_second_time()
    {
        using var journal = _s.Journal();
        var e = Assert.Throws<IOException>(() => _s.Journal());
        Assert.Contains("in use", e.Message);
        Assert.Empty(MoveJournal.Read(_s.Journals, "run1")); // reading needs no lock
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public void Run_ids_that_are_not_plain_names_are_refused(string runId) =>
        Assert.ThrowsAny<ArgumentException>(() => MoveJournal.Open(_s.Journals, runId));

    [Fact]
    public void Concurrent_movers_share_one_journal()
    {
        using var journal = _s.Journal();
        Parallel.For(0, 200, i =>
        {
            var content = Scratch.Content(i, 64);
            var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/{i}", content), $"{(i % 2 == 0 ? _s.Disk : _s.Shm)}/out/{i}", content);
            Assert.Equal(MoveOutcome.Moved, SafeMover.Move(request, journal).Outcome);
        });
        journal.Dispose();
        var entries = MoveJournal.Read(_s.Journals, "run1");
        Assert.Equal(200, entries.Count(e => e.State == MoveState.Done));
        Assert.Equal(200, entries.Select(e => e.Id).Distinct().Count());
    }

    public void Dispose() => _s.Dispose();
}
