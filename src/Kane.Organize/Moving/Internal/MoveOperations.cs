using Kane.Organize.Hashing;

namespace Kane.Organize.Moving.Internal;

/// <summary>
/// The state machines behind <see cref="SafeMover"/>. Each reads the file system (source, target, temporary name)
/// and the entry's journaled state, and takes the next step from there, so one code path serves a fresh operation
/// and one resumed after a crash at any point.
/// </summary>
internal static class MoveOperations
{
    public static string TempPathFor(MoveRequest request, string runId, long id) => request.Kind switch
    {
        MoveKind.Move or MoveKind.Copy => $"{Posix.Parent(request.Target)}/.kane-move.{runId}.{id}.tmp",
        MoveKind.LinkDuplicate => $"{Posix.Parent(request.Source)}/.kane-link.{runId}.{id}.tmp",
        _ => "",
    };

    /// <summary>True when a journaled Done move is contradicted by the disk: source present, target absent.</summary>
    public static bool LooksUndone(MoveEntry entry) =>
        entry.Request.Kind == MoveKind.Move && Posix.Exists(entry.Request.Source) && !Posix.Exists(entry.Request.Target);

    public static MoveResult Run(MoveEntry entry, MoveJournal journal, CancellationToken ct) => entry.Request.Kind switch
    {
        MoveKind.Move => RunMove(entry, journal, copyOnly: false, ct),
        MoveKind.Copy => RunMove(entry, journal, copyOnly: true, ct),
        MoveKind.DeleteDuplicate => RunDelete(entry, journal, ct),
        MoveKind.LinkDuplicate => RunLink(entry, journal, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Request.Kind, "not a move kind"),
    };

    private static MoveResult RunMove(MoveEntry entry, MoveJournal journal, bool copyOnly, CancellationToken ct)
    {
        var r = entry.Request;
        var hasSource = Posix.Stat(r.Source, out var source) == 0;
        var hasTarget = Posix.Stat(r.Target, out var target) == 0;
        var hasTemp = Posix.Exists(entry.TempPath);

        if (entry.State == MoveState.Placing && !hasTemp && hasTarget)
        {
            // The verified copy was renamed into place (its temporary name is gone): only the source's removal remains.
            if (copyOnly || !hasSource)
                return Done(entry, journal, MoveOutcome.AlreadyDone, copied: true);
            return RemoveSourceAfterCopy(entry, journal, target);
        }
        if (hasTemp)
        {
            // A copy that never reached its rename: partial, or complete but unplaced. Start the copy over.
            var error = Posix.UnlinkIfExists(entry.TempPath);
            if (error != 0)
                return Fail(entry, journal, error, $"cannot remove the leftover temporary file '{entry.TempPath}'");
        }

        if (!hasSource)
        {
            if (hasTarget && TargetHoldsFile(r, target, ct))
                return Done(entry, journal, MoveOutcome.AlreadyDone, copied: false);
            return Fail(entry, journal, MoveFailure.SourceMissing, Libc.ENOENT,
                hasTarget ? $"'{r.Source}' does not exist and '{r.Target}' holds other content" : $"'{r.Source}' does not exist");
        }
        if (!source.IsRegular)
            return Fail(entry, journal, MoveFailure.SourceNotRegular, 0, $"'{r.Source}' is not a regular file (a directory, symbolic link or device); it is left in place");
        if (hasTarget)
        {
            if (source.SameFileAs(target))
            {
                if (copyOnly)
                    return Done(entry, journal, MoveOutcome.AlreadyDone, copied: false);
                // Two names of one file: the link half of a link+unlink rename, or a hard link made beforehand.
                var error = Posix.Unlink(r.Source);
                return error == 0
                    ? Done(entry, journal, MoveOutcome.Moved, copied: false)
                    : Fail(entry, journal, error, $"cannot remove '{r.Source}', a second name of '{r.Target}'");
            }
            if (copyOnly && target.IsRegular && target.Size == source.Size
                && SparseCopy.HashPath(r.Target, target.Size, out var e1, ct) is var th && e1 == 0
                && SparseCopy.HashPath(r.Source, source.Size, out var e2, ct) == th && e2 == 0)
                return Done(entry, journal, MoveOutcome.AlreadyDone, copied: true);
            return Fail(entry, journal, MoveFailure.TargetExists, Libc.EEXIST,
                $"'{r.Target}' already exists and is another file; it is never overwritten (the file stays at '{r.Source}')");
        }

        if (source.Size != r.Size)
        {
            // Changed since it was scanned: its category, duplicate status and hash may all be stale.
            return Fail(entry, journal, MoveFailure.ContentMismatch, 0,
                $"'{r.Source}' has {source.Size} bytes, not the {r.Size} it was planned with; it changed since it was scanned and is left in place");
        }
        var mkdir = Posix.CreateDirectories(Posix.Parent(r.Target));
        if (mkdir != 0)
            return Fail(entry, journal, mkdir, $"cannot create the folder '{Posix.Parent(r.Target)}'");
        if (!copyOnly)
        {
            var error = Posix.RenameNoReplace(r.Source, r.Target);
            if (error == 0)
                return Done(entry, journal, MoveOutcome.Moved, copied: false);
            if (error == Libc.EEXIST)
                return Fail(entry, journal, MoveFailure.TargetExists, error, $"'{r.Target}' appeared meanwhile; it is never overwritten (the file stays at '{r.Source}')");
            if (error != Libc.EXDEV)
                return Fail(entry, journal, error, $"cannot rename '{r.Source}' to '{r.Target}'");
        }
        return CopyAcross(entry, journal, source, copyOnly, ct);
    }

    private static MoveResult CopyAcross(MoveEntry entry, MoveJournal journal, FileStat source, bool copyOnly, CancellationToken ct)
    {
        var r = entry.Request;
        var error = Posix.Open(r.Source, Libc.ORdOnly | Libc.ONoFollow, 0, out var input);
        if (error != 0)
            return Fail(entry, journal, error, $"cannot open '{r.Source}'");
        var placed = false;
        try
        {
            using (input)
            {
                error = Posix.Open(entry.TempPath, Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.ONoFollow, 0x180, out var output);
                if (error != 0)
                    return Fail(entry, journal, error, $"cannot create the temporary file '{entry.TempPath}'");
                Hash128 hash;
                using (output)
                {
                    hash = SparseCopy.Copy(input, output, source.Size, out var copied, out error, ct);
                    if (error != 0)
                        return CleanFail(entry, journal, error, $"cannot copy '{r.Source}' to '{entry.TempPath}'");
                    if (copied != source.Size)
                        return CleanFail(entry, journal, MoveFailure.ContentMismatch, Libc.EIO, $"'{r.Source}' changed size while it was copied; it is left in place");
                    if (r.Expected is { } expected && expected != hash)
                        return CleanFail(entry, journal, MoveFailure.ContentMismatch, 0,
                            $"'{r.Source}' no longer has the content it was planned with (hash {hash}, expected {expected}); it is left in place");
                    error = KeepMetadata(output, source);
                    if (error == 0)
                        error = Posix.Fsync(output);
                    if (error != 0)
                        return CleanFail(entry, journal, error, $"cannot write '{entry.TempPath}'");
                }
                var readBack = SparseCopy.HashPath(entry.TempPath, source.Size, out error, ct);
                if (error != 0 || readBack != hash)
                    return CleanFail(entry, journal, MoveFailure.ContentMismatch, error,
                        $"the copy of '{r.Source}' at '{entry.TempPath}' reads back different content; the source is left in place");
            }
            journal.MarkPlacing(entry.Id);
            error = Posix.RenameNoReplace(entry.TempPath, r.Target);
            if (error != 0)
            {
                // Journal the failure before removing the copy: a placing entry without its temporary file means "placed".
                var message = error == Libc.EEXIST
                    ? $"'{r.Target}' appeared meanwhile; it is never overwritten (the file stays at '{r.Source}')"
                    : $"cannot rename '{entry.TempPath}' to '{r.Target}'";
                var failed = Fail(entry, journal, error, message);
                Posix.UnlinkIfExists(entry.TempPath);
                placed = true;
                return failed;
            }
            placed = true;
            Posix.FsyncDirectory(Posix.Parent(r.Target));
            if (copyOnly)
                return Done(entry, journal, MoveOutcome.Moved, copied: true);
            Posix.Stat(r.Target, out var target);
            return RemoveSourceAfterCopy(entry, journal, target);
        }
        finally
        {
            if (!placed)
                Posix.UnlinkIfExists(entry.TempPath); // cancelled or failed before the rename: never a stray copy
        }
    }

    /// <summary>
    /// The verified copy is in place: deletes the source. If the source cannot be deleted the copy is taken back, so
    /// the file never ends up in two places.
    /// </summary>
    private static MoveResult RemoveSourceAfterCopy(MoveEntry entry, MoveJournal journal, FileStat target)
    {
        var r = entry.Request;
        var error = Posix.Unlink(r.Source);
        if (error == 0 || error == Libc.ENOENT)
        {
            Posix.FsyncDirectory(Posix.Parent(r.Source));
            return Done(entry, journal, MoveOutcome.Moved, copied: true);
        }
        // Only our own copy is removed: the target must still be the file we placed.
        if (Posix.Stat(r.Target, out var now) == 0 && now.SameFileAs(target))
        {
            Posix.Unlink(r.Target);
            Posix.FsyncDirectory(Posix.Parent(r.Target));
        }
        return Fail(entry, journal, error, $"cannot delete '{r.Source}' after copying it; the copy at '{r.Target}' was removed again");
    }

    private static MoveResult RunDelete(MoveEntry entry, MoveJournal journal, CancellationToken ct)
    {
        var r = entry.Request;
        var hasSource = Posix.Stat(r.Source, out var source) == 0;
        var hasOriginal = Posix.Stat(r.Target, out var original) == 0;
        if (!hasSource)
        {
            return hasOriginal
                ? Done(entry, journal, MoveOutcome.AlreadyDone, copied: false)
                : Fail(entry, journal, MoveFailure.SourceMissing, Libc.ENOENT, $"neither the duplicate '{r.Source}' nor its original '{r.Target}' exists");
        }
        if (Verify(entry, journal, source, hasOriginal, original, ct) is { } failed)
            return failed;
        var error = Posix.Unlink(r.Source);
        if (error != 0)
            return Fail(entry, journal, error, $"cannot delete the duplicate '{r.Source}'");
        Posix.FsyncDirectory(Posix.Parent(r.Source));
        return Done(entry, journal, MoveOutcome.Moved, copied: false);
    }

    private static MoveResult RunLink(MoveEntry entry, MoveJournal journal, CancellationToken ct)
    {
        var r = entry.Request;
        var hasSource = Posix.Stat(r.Source, out var source) == 0;
        var hasOriginal = Posix.Stat(r.Target, out var original) == 0;
        var hasTemp = Posix.Stat(entry.TempPath, out var temp) == 0;
        if (hasTemp)
        {
            // The link exists only after the content was verified: put it over the duplicate (or clean it up).
            if (hasOriginal && temp.SameFileAs(original) && !(hasSource && source.SameFileAs(original)))
            {
                var renamed = Posix.RenameReplacing(entry.TempPath, r.Source);
                if (renamed != 0)
                    return Fail(entry, journal, renamed, $"cannot replace '{r.Source}' with a link to '{r.Target}'");
                Posix.FsyncDirectory(Posix.Parent(r.Source));
                return Done(entry, journal, MoveOutcome.Moved, copied: false);
            }
            Posix.UnlinkIfExists(entry.TempPath);
        }
        if (hasSource && hasOriginal && source.SameFileAs(original))
            return Done(entry, journal, MoveOutcome.AlreadyDone, copied: false);
        if (!hasSource)
            return Fail(entry, journal, MoveFailure.SourceMissing, Libc.ENOENT, $"the duplicate '{r.Source}' does not exist");
        if (Verify(entry, journal, source, hasOriginal, original, ct) is { } failed)
            return failed;
        var error = Posix.Link(r.Target, entry.TempPath);
        if (error != 0)
        {
            return error == Libc.EXDEV
                ? Fail(entry, journal, MoveFailure.CrossDevice, error, $"cannot hard-link '{r.Source}' to '{r.Target}': they are on different file systems; the duplicate is left in place")
                : Fail(entry, journal, error, $"cannot create a hard link to '{r.Target}' beside '{r.Source}'");
        }
        error = Posix.RenameReplacing(entry.TempPath, r.Source);
        if (error != 0)
        {
            var result = Fail(entry, journal, error, $"cannot replace '{r.Source}' with a link to '{r.Target}'");
            Posix.UnlinkIfExists(entry.TempPath);
            return result;
        }
        Posix.FsyncDirectory(Posix.Parent(r.Source));
        return Done(entry, journal, MoveOutcome.Moved, copied: false);
    }

    /// <summary>Checks that the duplicate and its original are regular files with the same content; null if they are.</summary>
    private static MoveResult? Verify(MoveEntry entry, MoveJournal journal, FileStat source, bool hasOriginal, FileStat original, CancellationToken ct)
    {
        var r = entry.Request;
        if (!hasOriginal)
            return Fail(entry, journal, MoveFailure.SourceMissing, Libc.ENOENT, $"the original '{r.Target}' does not exist; the duplicate '{r.Source}' is kept");
        if (!source.IsRegular || !original.IsRegular)
            return Fail(entry, journal, MoveFailure.SourceNotRegular, 0, $"'{r.Source}' and '{r.Target}' must both be regular files");
        if (source.SameFileAs(original))
            return null;
        if (source.Size != original.Size)
            return Fail(entry, journal, MoveFailure.ContentMismatch, 0, $"'{r.Source}' ({source.Size} bytes) is not a duplicate of '{r.Target}' ({original.Size} bytes); it is kept");
        var a = SparseCopy.HashPath(r.Source, source.Size, out var error, ct);
        if (error != 0)
            return Fail(entry, journal, error, $"cannot read '{r.Source}'");
        var b = SparseCopy.HashPath(r.Target, original.Size, out error, ct);
        if (error != 0)
            return Fail(entry, journal, error, $"cannot read '{r.Target}'");
        if (a != b || (r.Expected is { } expected && a != expected))
            return Fail(entry, journal, MoveFailure.ContentMismatch, 0, $"'{r.Source}' no longer has the same content as '{r.Target}'; it is kept");
        return null;
    }

    /// <summary>A target found in place (source gone) is the moved file if its size, and hash when known, match.</summary>
    private static bool TargetHoldsFile(MoveRequest r, FileStat target, CancellationToken ct)
    {
        if (!target.IsRegular || target.Size != r.Size)
            return false;
        if (r.Expected is not { } expected)
            return true;
        return SparseCopy.HashPath(r.Target, target.Size, out var error, ct) == expected && error == 0;
    }

    private static int KeepMetadata(Microsoft.Win32.SafeHandles.SafeFileHandle file, FileStat source)
    {
        var fd = (int)file.DangerousGetHandle();
        if (Libc.Fchmod(fd, source.Mode & 0xFFF) != 0)
            return Libc.LastError;
        unsafe
        {
            var times = stackalloc Libc.Timespec[2];
            times[0] = source.Accessed;
            times[1] = source.Modified;
            return Libc.Futimens(fd, times) == 0 ? 0 : Libc.LastError;
        }
    }

    private static MoveResult Done(MoveEntry entry, MoveJournal journal, MoveOutcome outcome, bool copied)
    {
        journal.MarkDone(entry.Id, copied);
        return new MoveResult(entry.Request, outcome, copied);
    }

    private static MoveResult CleanFail(MoveEntry entry, MoveJournal journal, int errno, string message) =>
        Fail(entry, journal, FailureOf(errno), errno, message);

    private static MoveResult CleanFail(MoveEntry entry, MoveJournal journal, MoveFailure failure, int errno, string message) =>
        Fail(entry, journal, failure, errno, message);

    private static MoveResult Fail(MoveEntry entry, MoveJournal journal, int errno, string message) =>
        Fail(entry, journal, FailureOf(errno), errno, message);

    private static MoveResult Fail(MoveEntry entry, MoveJournal journal, MoveFailure failure, int errno, string message)
    {
        var text = errno > 0 && failure is not (MoveFailure.TargetExists or MoveFailure.SourceMissing) ? $"{message}: {Libc.Describe(errno)}" : message;
        journal.MarkFailed(entry.Id, failure, errno, text);
        return new MoveResult(entry.Request, MoveOutcome.Failed, false, failure, errno, text);
    }

    private static MoveFailure FailureOf(int errno) => errno switch
    {
        Libc.ENOENT => MoveFailure.SourceMissing,
        Libc.EEXIST => MoveFailure.TargetExists,
        Libc.EXDEV => MoveFailure.CrossDevice,
        Libc.EACCES or 1 => MoveFailure.PermissionDenied,
        Libc.ENOSPC => MoveFailure.NoSpace,
        _ => MoveFailure.Io,
    };
}
