namespace Kane.Organize.Moving;

/// <summary>How a move ended.</summary>
public enum MoveOutcome
{
    /// <summary>This call did the work (or finished a crashed attempt of it).</summary>
    Moved,

    /// <summary>Nothing was left to do: the journal or the file system shows the move complete.</summary>
    AlreadyDone,

    /// <summary>Nothing was lost: the file is still at its source (see <see cref="MoveResult.Failure"/>).</summary>
    Failed,
}

/// <summary>Why a move failed; <see cref="MoveResult.Errno"/> carries the system's code where there is one.</summary>
public enum MoveFailure
{
    None,

    /// <summary>Nothing at the source path (and the target does not hold the file).</summary>
    SourceMissing,

    /// <summary>The source is not a regular file (a directory, a symbolic link, a device...).</summary>
    SourceNotRegular,

    /// <summary>Something else is at the target path; it is never overwritten.</summary>
    TargetExists,

    /// <summary>The content is not what was expected (changed since hashed, a copy that reads back wrong, or a "duplicate" that is not).</summary>
    ContentMismatch,

    /// <summary>A hard link was asked across file systems.</summary>
    CrossDevice,

    /// <summary>Permission denied.</summary>
    PermissionDenied,

    /// <summary>No space left on the target's file system.</summary>
    NoSpace,

    /// <summary>Any other system error (see <see cref="MoveResult.Errno"/>).</summary>
    Io,
}

/// <summary>
/// The result of <see cref="SafeMover.Move"/>: the <paramref name="Outcome"/>, whether the bytes were copied across
/// file systems (<paramref name="Copied"/>), and for a failure its kind, the errno (0 when not a system error) and a
/// message naming the path and the reason.
/// </summary>
public sealed record MoveResult(MoveRequest Request, MoveOutcome Outcome, bool Copied = false, MoveFailure Failure = MoveFailure.None, int Errno = 0, string? Message = null)
{
    public bool Succeeded => Outcome != MoveOutcome.Failed;

    public override string ToString() => Outcome == MoveOutcome.Failed
        ? $"failed {Request.Kind} '{Request.Source}' -> '{Request.Target}': {Failure} (errno {Errno}): {Message}"
        : $"{Outcome} {Request.Kind} '{Request.Source}' -> '{Request.Target}'{(Copied ? " (copied)" : "")}";
}
