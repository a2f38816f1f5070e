using System.Net.Sockets;

namespace Kane.Actors;

/// <summary>
/// Which failures are worth a retry. Pure: maps errno names and exceptions to a <see cref="TaskError"/>.
/// Retryable: EAGAIN, EWOULDBLOCK, ETIMEDOUT, ECONNRESET, EBUSY, EINTR, EIO (transient I/O), ENOLCK. Fatal: EACCES,
/// EPERM, ENOENT, EINVAL, ENOSPC, EROFS, EEXIST and anything unknown that is not an I/O error.
/// </summary>
public static class ErrorCodes
{
    public const string EAGAIN = "EAGAIN";
    public const string ETIMEDOUT = "ETIMEDOUT";
    public const string ECONNRESET = "ECONNRESET";
    public const string EBUSY = "EBUSY";
    public const string EINTR = "EINTR";
    public const string EIO = "EIO";
    public const string ENOLCK = "ENOLCK";
    public const string EACCES = "EACCES";
    public const string EPERM = "EPERM";
    public const string ENOENT = "ENOENT";
    public const string EINVAL = "EINVAL";
    public const string ENOSPC = "ENOSPC";
    public const string EROFS = "EROFS";
    public const string EEXIST = "EEXIST";
    public const string ECANCELED = "ECANCELED";
    /// <summary>No handler for the task's type on the agent's node.</summary>
    public const string UnknownType = "UNKNOWN_TASK_TYPE";
    /// <summary>The handler threw something unexpected (a bug): not retried.</summary>
    public const string HandlerFault = "HANDLER_FAULT";

    private static readonly HashSet<string> RetryableCodes = [EAGAIN, "EWOULDBLOCK", ETIMEDOUT, ECONNRESET, EBUSY, EINTR, EIO, ENOLCK];

    /// <summary>True for the errno names a retry may cure.</summary>
    public static bool IsRetryable(string code) => RetryableCodes.Contains(code);

    /// <summary>A <see cref="TaskError"/> for <paramref name="code"/>, recoverable by <see cref="IsRetryable"/>.</summary>
    public static TaskError For(string code, string message) => new(code, message, IsRetryable(code));

    // Linux errno values as .NET reports them in IOException.HResult (low 16 bits) on Unix.
    private static readonly Dictionary<int, string> Errno = new()
    {
        [1] = EPERM, [2] = ENOENT, [4] = EINTR, [5] = EIO, [11] = EAGAIN, [13] = EACCES, [16] = EBUSY, [17] = EEXIST,
        [22] = EINVAL, [28] = ENOSPC, [30] = EROFS, [37] = ENOLCK, [104] = ECONNRESET, [110] = ETIMEDOUT,
    };

    /// <summary>Classifies what a handler threw.</summary>
    public static TaskError Classify(Exception exception) => exception switch
    {
        TaskFailedException t => t.Error,
        OperationCanceledException => TaskError.Fatal(ECANCELED, "the task was cancelled"),
        TimeoutException e => TaskError.Retryable(ETIMEDOUT, e.Message),
        UnauthorizedAccessException e => TaskError.Fatal(EACCES, e.Message),
        FileNotFoundException e => TaskError.Fatal(ENOENT, e.Message),
        DirectoryNotFoundException e => TaskError.Fatal(ENOENT, e.Message),
        PathTooLongException e => TaskError.Fatal(EINVAL, e.Message),
        SocketException { SocketErrorCode: SocketError.ConnectionReset } e => TaskError.Retryable(ECONNRESET, e.Message),
        SocketException { SocketErrorCode: SocketError.TimedOut } e => TaskError.Retryable(ETIMEDOUT, e.Message),
        IOException e when Errno.TryGetValue(e.HResult & 0xFFFF, out var code) => For(code, e.Message),
        // A sharing violation or lock held by another process: busy, try again.
        IOException e when (e.HResult & 0xFFFF) is 32 or 33 => TaskError.Retryable(EBUSY, e.Message),
        IOException e => TaskError.Retryable(EIO, e.Message),
        ArgumentException e => TaskError.Fatal(EINVAL, e.Message),
        _ => TaskError.Fatal(HandlerFault, $"{exception.GetType().Name}: {exception.Message}"),
    };
}
