namespace Kane.Scheduling;

/// <summary>A handle to scheduled work; cancelling after it ran (or twice) is harmless.</summary>
public interface ICancelable
{
    /// <summary>Stops future runs; returns false if it was already cancelled.</summary>
    bool Cancel();

    bool IsCancellationRequested { get; }
}
