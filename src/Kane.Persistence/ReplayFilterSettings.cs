using Kane.Configuration;
namespace Kane.Persistence;

/// <summary><c>kane.persistence.journal.replay-filter</c>.</summary>
public sealed record ReplayFilterSettings(ReplayFilterMode Mode, int WindowSize, int MaxOldWriters)
{
    /// <value>repair-by-discard-old, a window of 100 events, 10 old writers.</value>
    public static ReplayFilterSettings Default { get; } = new(ReplayFilterMode.RepairByDiscardOld, 100, 10);

    internal void Validate()
    {
        InvalidSetting.Require(WindowSize >= 1, "kane.persistence.journal.replay-filter.window-size", WindowSize, "must be at least 1");
        InvalidSetting.Require(MaxOldWriters >= 1, "kane.persistence.journal.replay-filter.max-old-writers", MaxOldWriters, "must be at least 1");
    }
}
