namespace Kane.Actors;

/// <summary>
/// Runs one task type. Registered by type in a <see cref="TaskHandlerRegistry"/> on every node that should run it.
/// A handler may be called again for the same task (a retry, or a re-dispatch after its node died before the
/// result was journaled): its effects must be idempotent, see <see cref="TaskContext.PreviousAttempts"/>.
/// Throw (or throw <see cref="TaskFailedException"/>) to fail; <see cref="ErrorCodes.Classify"/> decides whether the
/// agent retries.
/// </summary>
public interface ITaskHandler
{
    /// <summary>The task type this handler runs.</summary>
    string TaskType { get; }

    /// <summary>Capabilities an agent needs to run this type (e.g. <c>fs</c>, <c>exif</c>); empty = any agent.</summary>
    IReadOnlyCollection<string> Capabilities { get; }

    ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken);
}
