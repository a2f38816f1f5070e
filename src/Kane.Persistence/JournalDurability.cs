namespace Kane.Persistence;

/// <summary>
/// How far a journal write must get before its persist handler runs. A store may always do more than asked.
/// </summary>
public enum JournalDurability
{
    /// <summary>On stable storage: survives a crash of the process, of the store's host and a power loss (the default).</summary>
    Synced,

    /// <summary>
    /// Handed to the store's host: survives a crash (SIGKILL) of the writing process, but may be lost if the store's
    /// host or operating system crashes or loses power before the store next syncs. Never reorders: a later
    /// <see cref="Synced"/> write of the same store makes every earlier write durable with it. For events that the
    /// actor can do without after such a crash (decision 0019); SQLite commits them without an fsync.
    /// </summary>
    Written,
}
