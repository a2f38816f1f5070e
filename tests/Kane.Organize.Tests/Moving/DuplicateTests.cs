using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Tests.Moving;

public sealed class DuplicateTests : IDisposable
{
    private readonly Scratch _s = new();

    [Fact]
    public void A_verified_duplicate_is_deleted_and_the_original_kept()
    {
        var content = Scratch.Content(1, 10_000);
        var original = Scratch.Write($"{_s.Disk}/dst/a.jpg", content);
        var duplicate = Scratch.Write($"{_s.Disk}/src/copy of a.jpg", content);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(duplicate, original, content, MoveKind.DeleteDuplicate), journal);

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.False(Scratch.Exists(duplicate));
        Assert.Equal(content, Scratch.Read(original));
        Assert.Equal(MoveOutcome.AlreadyDone, SafeMover.Move(Scratch.Request(duplicate, original, content, MoveKind.DeleteDuplicate), journal).Outcome);
    }

    [Fact]
    public void A_file_that_is_not_a_duplicate_is_never_deleted()
    {
        var content = Scratch.Content(2, 10_000);
        var other = Scratch.Content(3, 10_000);
        var original = Scratch.Write($"{_s.Disk}/dst/a.jpg", content);
        var notDuplicate = Scratch.Write($"{_s.Disk}/src/b.jpg", other);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(notDuplicate, original, content, MoveKind.DeleteDuplicate), journal);

        Assert.Equal(MoveFailure.ContentMismatch, result.Failure);
        Assert.Equal(other, Scratch.Read(notDuplicate));
    }

    [Fact]
    public void A_duplicate_whose_original_is_missing_is_kept()
    {
        var content = Scratch.Content(4, 100);
        var duplicate = Scratch.Write($"{_s.Disk}/src/b.jpg", content);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(duplicate, $"{_s.Disk}/dst/gone.jpg", content, MoveKind.DeleteDuplicate), journal);

        Assert.Equal(MoveFailure.SourceMissing, result.Failure);
        Assert.True(Scratch.Exists(duplicate));
    }

    [Fact]
    public void A_linked_duplicate_becomes_a_hard_link_to_the_original()
    {
        var content = Scratch.Content(5, 10_000);
        var original = Scratch.Write($"{_s.Disk}/dst/a.jpg", content);
        var duplicate = Scratch.Write($"{_s.Disk}/src/a copy.jpg", content);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(duplicate, original, content, MoveKind.LinkDuplicate), journal);

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.Equal(0, Posix.Stat(duplicate, out var d));
        Assert.Equal(0, Posix.Stat(original, out var o));
        Assert.True(d.SameFileAs(o));
        Assert.Equal(2u, o.Links);
        Assert.Empty(Scratch.Leftovers(_s.Disk));
    }

    [Fact]
    public void A_crash_after_the_link_was_made_is_finished_by_recovery()
    {
        var content = Scratch.Content(6, 1000);
        var original = Scratch.Write($"{_s.Disk}/dst/a.jpg", content);
        var duplicate = Scratch.Write($"{_s.Disk}/src/a copy.jpg", content);
        var request = Scratch.Request(duplicate, original, content, MoveKind.LinkDuplicate);
        using (var journal = _s.Journal())
        {
            var entry = journal.Begin(request, id => MoveOperations.TempPathFor(request, journal.RunId, id));
            Assert.Equal(0, Posix.Link(original, entry.TempPath));
        }

        using var again = _s.Journal();
        Assert.Equal(MoveOutcome.Moved, Assert.Single(MoveRecovery.Resume(again)).Outcome);
        Assert.Equal(0, Posix.Stat(duplicate, out var d));
        Assert.Equal(0, Posix.Stat(original, out var o));
        Assert.True(d.SameFileAs(o));
        Assert.Empty(Scratch.Leftovers(_s.Disk));
    }

    [Fact]
    public void Linking_across_file_systems_fails_and_keeps_the_duplicate()
    {
        var content = Scratch.Content(7, 1000);
        var original = Scratch.Write($"{_s.Shm}/dst/a.jpg", content);
        var duplicate = Scratch.Write($"{_s.Disk}/src/a.jpg", content);
        using var journal = _s.Journal();

        var result = SafeMover.Move(Scratch.Request(duplicate, original, content, MoveKind.LinkDuplicate), journal);

        Assert.Equal(MoveFailure.CrossDevice, result.Failure);
        Assert.Equal(content, Scratch.Read(duplicate));
        Assert.Empty(Scratch.Leftovers(_s.Disk));
    }

    public void Dispose() => _s.Dispose();
}
