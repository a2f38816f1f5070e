namespace Kane.Dispatch;

/// <summary>Ids of the dispatchers every system has.</summary>
public static class BuiltInDispatchers
{
    /// <summary>The default fork-join dispatcher (one thread per processor).</summary>
    public const string Default = Actor.Props.DefaultDispatcherId;

    /// <summary>A dedicated thread per actor.</summary>
    public const string Pinned = "kane.actor.pinned-dispatcher";

    /// <summary>Runs actors on the sending thread; for unit tests.</summary>
    public const string CallingThread = "kane.test.calling-thread-dispatcher";
}
