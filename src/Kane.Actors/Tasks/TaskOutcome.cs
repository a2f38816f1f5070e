namespace Kane.Actors;

/// <summary>What a handler returns for a successful task.</summary>
/// <param name="Bytes">Bytes the task processed (for progress and rates).</param>
public sealed record TaskOutcome(long Bytes = 0)
{
    public static readonly TaskOutcome Done = new();

    /// <summary>New tasks the job gains (a scan adds hash tasks). Ids are prefixed with the parent's id by the job.</summary>
    public IReadOnlyList<KaneTask> FollowUps { get; init; } = [];

    /// <summary>Small results the job keeps with the task (counts, a hash, a target path), shown by <c>jobs show</c>.</summary>
    public IReadOnlyDictionary<string, string> Output { get; init; } = new Dictionary<string, string>();
}
