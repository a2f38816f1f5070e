namespace Kane.Actors;

/// <summary>Why a task attempt failed.</summary>
/// <param name="Code">An errno-style name (<c>EAGAIN</c>, <c>ENOENT</c>, ...) or a handler's own code.</param>
/// <param name="Message">What happened, for a person.</param>
/// <param name="Recoverable">True when a retry may succeed (the agent retries with back-off); false fails the task at once.</param>
public sealed record TaskError(string Code, string Message, bool Recoverable)
{
    public static TaskError Retryable(string code, string message) => new(code, message, true);

    public static TaskError Fatal(string code, string message) => new(code, message, false);

    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown by a handler to fail its task with an explicit <see cref="TaskError"/>.</summary>
public sealed class TaskFailedException(TaskError error, Exception? inner = null) : Exception(error.ToString(), inner)
{
    public TaskError Error { get; } = error;
}
