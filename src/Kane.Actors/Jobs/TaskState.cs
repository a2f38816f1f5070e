namespace Kane.Actors;

/// <summary>A task's state in its job, as the job journals it.</summary>
public enum TaskState
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,
    /// <summary>Ready, offered to the cluster coordinator.</summary>
    Queued,
    /// <summary>Sent to a node with an attempt number.</summary>
    Dispatched,
    Succeeded,
    /// <summary>Failed for good (a fatal error, or retries exhausted).</summary>
    Failed,
    /// <summary>Never ran to the end: cancelled, past its deadline, or a dependency failed.</summary>
    Abandoned,
}
