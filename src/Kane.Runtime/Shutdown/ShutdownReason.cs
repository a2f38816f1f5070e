namespace Kane.Shutdown;

/// <summary>Why coordinated shutdown ran; later layers add their own (cluster leaving, downing).</summary>
public record ShutdownReason(string Description)
{
    public static readonly ShutdownReason Unknown = new("unknown");

    /// <summary><c>ActorSystem.Terminate()</c> was called.</summary>
    public static readonly ShutdownReason ActorSystemTerminate = new("actor system terminate");

    /// <summary>The process received SIGTERM or is exiting.</summary>
    public static readonly ShutdownReason ClrExit = new("process exit");

    public override string ToString() => Description;
}
