namespace Kane.Actors;

/// <summary>Where a job is in its life.</summary>
public enum JobStatus
{
    /// <summary>Tasks are queued or running.</summary>
    Running,
    /// <summary>Every task succeeded.</summary>
    Completed,
    /// <summary>Every task ended, some failed or were abandoned.</summary>
    CompletedWithErrors,
    /// <summary>Cancelled: no task starts any more; running ones were told to stop.</summary>
    Cancelled,
}
