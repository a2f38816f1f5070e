namespace Kane.Organize.Moving;

/// <summary>Where a journaled operation stands.</summary>
public enum MoveState
{
    /// <summary>The intent is journaled; the operation may be anywhere between not started and finished.</summary>
    Pending,

    /// <summary>A cross-file-system copy was complete and verified, and its rename into place was about to run.</summary>
    Placing,

    /// <summary>Finished: the file is at its target (for a duplicate, the source was linked or deleted).</summary>
    Done,

    /// <summary>Given up; the file stayed at its source.</summary>
    Failed,
}

/// <summary>
/// One operation as the journal tells it: its sequence <paramref name="Id"/> in the run, the request, the temporary
/// name it used (a copy's or a link's, empty for none), and its last recorded state.
/// </summary>
public sealed record MoveEntry(long Id, MoveRequest Request, string TempPath, MoveState State, bool Copied = false, MoveFailure Failure = MoveFailure.None, int Errno = 0, string? Message = null)
{
    public bool IsTerminal => State is MoveState.Done or MoveState.Failed;
}
