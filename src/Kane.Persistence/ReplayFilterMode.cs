namespace Kane.Persistence;

/// <summary>What recovery does with events of an older writer interleaved with a newer one's.</summary>
public enum ReplayFilterMode
{
    /// <summary>Drop the older writer's events and log a warning.</summary>
    RepairByDiscardOld,

    /// <summary>Fail the recovery (the actor stops).</summary>
    Fail,

    /// <summary>Log a warning and replay every event.</summary>
    Warn,

    /// <summary>No detection.</summary>
    Off,
}
