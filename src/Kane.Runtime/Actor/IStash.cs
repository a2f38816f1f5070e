namespace Kane.Actor;

/// <summary>
/// Set aside the current message to process it later, typically after a <c>Become</c>. The stash is bounded
/// (<c>kane.actor.stash-capacity</c>): a message beyond it goes to dead letters with a log line.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the message being processed.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the front of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();

    /// <summary>Number of stashed messages.</summary>
    int Count { get; }

    /// <summary>Drops everything stashed and returns it.</summary>
    IReadOnlyList<object> ClearStash();
}

/// <summary>Actors implementing this get <see cref="Stash"/> injected before their first message.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}
