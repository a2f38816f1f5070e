namespace Kane.Actors;

/// <summary>How far a job is.</summary>
/// <param name="Running">Dispatched to a node and not yet reported.</param>
/// <param name="Retried">Retries made so far (agent retries plus re-dispatches).</param>
/// <param name="TasksPerSecond">Tasks finished per second over the last few seconds.</param>
/// <param name="Eta">Estimated time to the end at that rate, null when unknown.</param>
public sealed record JobProgress(int Total, int Pending, int Queued, int Running, int Succeeded, int Failed, int Abandoned, int Retried,
    long Bytes, double TasksPerSecond, double BytesPerSecond, TimeSpan? Eta)
{
    public static readonly JobProgress Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);

    public int Finished => Succeeded + Failed + Abandoned;
}
