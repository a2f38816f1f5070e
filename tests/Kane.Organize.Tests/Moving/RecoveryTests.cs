using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Tests.Moving;

/// <summary>
/// Each test sets up the disk and the journal as a crash at one instruction leaves them, then checks that running the
/// same move again, or <see cref="MoveRecovery.Resume"/>, ends with the file exactly once and intact.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly Scratch _s = new();

    private MoveEntry Begin(MoveJournal journal, MoveRequest request) =>
        journal.Begin(request, id => MoveOperations.TempPathFor(request, journal.RunId, id));

    [Fact]
    public void A_crash_after_the_intent_before_anything_else_is_finished_by_moving_again()
    {
        var content = Scratch.Content(1, 4000);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Shm}/out/a", content);
        using (var journal = _s.Journal())
            Begin(journal, request);

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.Moved, SafeMover.Move(request, again).Outcome);
        Assert.Equal(content, Scratch.Read(request.Target));
        Assert.False(Scratch.Exists(request.Source));
    }

    [Fact]
    public void A_crash_in_the_middle_of_a_copy_leaves_a_partial_temp_file_that_recovery_removes_before_copying_again()
    {
        var content = Scratch.Content(2, 100_000);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Shm}/out/a", content);
        using (var journal = _s.Journal())
        {
            var entry = Begin(journal, request);
            Scratch.Write(entry.TempPath, content[..1234]);
        }

        using var again = _s.Journal();
        var results = MoveRecovery.Resume(again);

        Assert.Equal(MoveOutcome.Moved, Assert.Single(results).Outcome);
        Assert.Equal(content, Scratch.Read(request.Target));
        Assert.False(Scratch.Exists(request.Source));
        Assert.Empty(Scratch.Leftovers(_s.Shm));
    }

    [Fact]
    public void A_crash_after_the_copy_was_placed_but_before_the_source_was_deleted_finishes_by_deleting_the_source()
    {
        var content = Scratch.Content(3, 5000);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Shm}/out/a", content);
        using (var journal = _s.Journal())
        {
            var entry = Begin(journal, request);
            journal.MarkPlacing(entry.Id);
            Scratch.Write(request.Target, content);
        }

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.Moved, SafeMover.Move(request, again).Outcome);
        Assert.False(Scratch.Exists(request.Source));
        Assert.Equal(content, Scratch.Read(request.Target));
    }

    [Fact]
    public void The_temporary_names_the_mover_uses_are_recognisable_for_scanners()
    {
        var move = Scratch.Request("/a/x.jpg", "/b/c/x.jpg", [1]);
        var link = Scratch.Request("/a/x.jpg", "/b/c/x.jpg", [1], MoveKind.LinkDuplicate);
        Assert.True(SafeMover.IsTemporaryName(Posix.FileName(MoveOperations.TempPathFor(move, "org-1.move.5", 42))));
        Assert.True(SafeMover.IsTemporaryName(Posix.FileName(MoveOperations.TempPathFor(link, "org-1.dedup.5", 7))));
        Assert.False(SafeMover.IsTemporaryName("x.jpg"));
        Assert.False(SafeMover.IsTemporaryName(".kane-move.notes.txt"));
    }

    [Fact]
    public void A_crash_after_placing_was_journaled_but_before_the_rename_copies_again()
    {
        var content = Scratch.Content(4, 5000);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Shm}/out/a", content);
        using (var journal = _s.Journal())
        {
            var entry = Begin(journal, request);
            Scratch.Write(entry.TempPath, content);
            journal.MarkPlacing(entry.Id);
        }

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.Moved, Assert.Single(MoveRecovery.Resume(again)).Outcome);
        Assert.False(Scratch.Exists(request.Source));
        Assert.Equal(content, Scratch.Read(request.Target));
        Assert.Empty(Scratch.Leftovers(_s.Shm));
    }

    [Fact]
    public void A_foreign_file_at_the_target_is_not_mistaken_for_a_placed_copy()
    {
        // Placing journaled, the rename refused by a file that appeared at the target, then a crash before the failure
        // was journaled: the temp file is still there, so recovery knows its copy was never placed.
        var content = Scratch.Content(5, 5000);
        var foreign = Scratch.Content(6, 5000);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Shm}/out/a", content);
        using (var journal = _s.Journal())
        {
            var entry = Begin(journal, request);
            Scratch.Write(entry.TempPath, content);
            journal.MarkPlacing(entry.Id);
            Scratch.Write(request.Target, foreign);
        }

        using var again = _s.Journal();
        var result = Assert.Single(MoveRecovery.Resume(again));
        Assert.Equal(MoveFailure.TargetExists, result.Failure);
        Assert.Equal(content, Scratch.Read(request.Source));
        Assert.Equal(foreign, Scratch.Read(request.Target));
        Assert.Empty(Scratch.Leftovers(_s.Shm));
    }

    [Fact]
    public void A_crash_between_link_and_unlink_leaves_two_names_of_one_file_and_recovery_drops_the_source_name()
    {
        var content = Scratch.Content(7, 300);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Disk}/out/a", content);
        using (var journal = _s.Journal())
        {
            Begin(journal, request);
            Directory.CreateDirectory($"{_s.Disk}/out");
            Assert.Equal(0, Posix.Link(request.Source, request.Target));
        }

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.Moved, SafeMover.Move(request, again).Outcome);
        Assert.False(Scratch.Exists(request.Source));
        Assert.Equal(content, Scratch.Read(request.Target));
    }

    [Fact]
    public void A_crash_after_the_rename_before_done_was_journaled_is_already_done()
    {
        var content = Scratch.Content(8, 300);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Disk}/out/a", content);
        using (var journal = _s.Journal())
        {
            Begin(journal, request);
            Directory.CreateDirectory($"{_s.Disk}/out");
            File.Move(request.Source, request.Target);
        }

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.AlreadyDone, Assert.Single(MoveRecovery.Resume(again)).Outcome);
        Assert.Equal(content, Scratch.Read(request.Target));
        Assert.Empty(MoveRecovery.Unfinished(again));
    }

    [Fact]
    public void A_journaled_move_whose_rename_was_lost_is_done_again()
    {
        // A power cut can lose a rename whose completion reached the journal: the disk shows the source, no target.
        var content = Scratch.Content(9, 300);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Disk}/out/a", content);
        using (var journal = _s.Journal())
        {
            var entry = Begin(journal, request);
            journal.MarkDone(entry.Id, copied: false);
        }

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.Moved, SafeMover.Move(request, again).Outcome);
        Assert.Equal(content, Scratch.Read(request.Target));
    }

    [Fact]
    public void A_cancelled_copy_leaves_the_source_and_no_temp_file_and_can_be_resumed()
    {
        var content = Scratch.Content(10, 8 << 20);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/big", content), $"{_s.Shm}/out/big", content);
        using var journal = _s.Journal();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => SafeMover.Move(request, journal, cancelled.Token));
        Assert.Equal(content, Scratch.Read(request.Source));
        Assert.False(Scratch.Exists(request.Target));
        Assert.Empty(Scratch.Leftovers(_s.Shm));

        Assert.Equal(MoveOutcome.Moved, Assert.Single(MoveRecovery.Resume(journal)).Outcome);
        Assert.Equal(content, Scratch.Read(request.Target));
    }

    [Fact]
    public void Resume_all_finishes_the_journals_of_dead_processes_and_skips_those_in_use()
    {
        // Node A died mid-copy; node B, taking over, first resumes every journal nobody holds.
        var content = Scratch.Content(11, 50_000);
        var request = Scratch.Request(Scratch.Write($"{_s.Disk}/in/a", content), $"{_s.Shm}/out/a", content);
        using (var nodeA = _s.Journal("job7-nodeA"))
        {
            var entry = Begin(nodeA, request);
            Scratch.Write(entry.TempPath, content[..100]);
        }
        using var live = _s.Journal("job7-nodeC");

        var report = MoveRecovery.ResumeAll(_s.Journals);

        Assert.Equal(MoveOutcome.Moved, Assert.Single(report.Results).Outcome);
        Assert.Equal(["job7-nodeC"], report.InUse);
        Assert.Equal(content, Scratch.Read(request.Target));
        Assert.Empty(Scratch.Leftovers(_s.Shm));
        Assert.Equal(["job7-nodeA", "job7-nodeC"], MoveJournal.List(_s.Journals));
    }

    public void Dispose() => _s.Dispose();
}
