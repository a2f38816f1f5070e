using Kane.Organize.Moving;

namespace Kane.Organize.Tests.Moving;

public sealed class MoveUndoTests : IDisposable
{
    private readonly Scratch _s = new();

    [Fact]
    public void Undo_moves_every_file_back_including_across_file_systems_and_recreates_deleted_duplicates()
    {
        var a = Scratch.Content(1, 5000);
        var b = Scratch.Content(2, 7000);
        var moveA = Scratch.Request(Scratch.Write($"{_s.Disk}/src/a.jpg", a), $"{_s.Disk}/dst/images/a.jpg", a);
        var moveB = Scratch.Request(Scratch.Write($"{_s.Disk}/src/deep/b.pdf", b), $"{_s.Shm}/dst/documents/b.pdf", b);
        var delete = Scratch.Request(Scratch.Write($"{_s.Disk}/src/a (copy).jpg", a), moveA.Target, a, MoveKind.DeleteDuplicate);
        using (var journal = _s.Journal())
        {
            Assert.All(SafeMover.MoveAll([moveA, moveB, delete], journal), r => Assert.Equal(MoveOutcome.Moved, r.Outcome));
        }

        var report = MoveUndo.Run(_s.Journals, "run1");

        Assert.True(report.Complete, string.Join("; ", report.Problems.Select(p => p.Reason)));
        Assert.Equal((2, 1), (report.Restored, report.Recreated));
        Assert.Equal(a, Scratch.Read(moveA.Source));
        Assert.Equal(b, Scratch.Read(moveB.Source));
        Assert.Equal(a, Scratch.Read(delete.Source));
        Assert.False(Scratch.Exists(moveA.Target));
        Assert.False(Scratch.Exists(moveB.Target));

        var again = MoveUndo.Run(_s.Journals, "run1");
        Assert.Equal((0, 0, 3), (again.Restored, again.Recreated, again.AlreadyRestored));
    }

    [Fact]
    public void Undo_reports_a_file_whose_original_path_is_occupied_and_leaves_both_files()
    {
        var a = Scratch.Content(3, 100);
        var move = Scratch.Request(Scratch.Write($"{_s.Disk}/src/a.txt", a), $"{_s.Disk}/dst/a.txt", a);
        using (var journal = _s.Journal())
            Assert.Equal(MoveOutcome.Moved, SafeMover.Move(move, journal).Outcome);
        var squatter = Scratch.Write(move.Source, [9, 9, 9]);

        var report = MoveUndo.Run(_s.Journals, "run1");

        var problem = Assert.Single(report.Problems);
        Assert.Equal(MoveFailure.TargetExists, problem.Failure);
        Assert.Contains("occupied", problem.Reason);
        Assert.Equal(a, Scratch.Read(move.Target));
        Assert.Equal([9, 9, 9], Scratch.Read(squatter));
    }

    [Fact]
    public void Undo_reports_a_file_no_longer_where_it_was_moved()
    {
        var a = Scratch.Content(4, 100);
        var move = Scratch.Request(Scratch.Write($"{_s.Disk}/src/a.txt", a), $"{_s.Disk}/dst/a.txt", a);
        using (var journal = _s.Journal())
            SafeMover.Move(move, journal);
        File.Delete(move.Target);

        var problem = Assert.Single(MoveUndo.Run(_s.Journals, "run1").Problems);
        Assert.Equal(MoveFailure.SourceMissing, problem.Failure);
        Assert.Contains("no longer", problem.Reason);
    }

    [Fact]
    public void Undo_of_an_unknown_run_says_so() =>
        Assert.Throws<FileNotFoundException>(() => MoveUndo.Run(_s.Journals, "nosuchrun"));

    [Fact]
    public void Undo_refuses_while_the_run_holds_its_journal()
    {
        using var journal = _s.Journal();
        Assert.Throws<IOException>(() => MoveUndo.Run(_s.Journals, "run1"));
    }

    public void Dispose() => _s.Dispose();
}
