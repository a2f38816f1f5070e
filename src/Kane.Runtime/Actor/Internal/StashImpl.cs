using Kane.Dispatch;

namespace Kane.Actor.Internal;

/// <summary>The cell's stash: envelopes kept in order, re-queued at the front of the mailbox on unstash and restart.</summary>
internal sealed class StashImpl(ActorCell cell, int capacity) : IStash
{
    private readonly LinkedList<Envelope> _stashed = new();

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope ?? throw new InvalidOperationException("Stash() can only be called while processing a message.");
        if (_stashed.Last?.Value == current)
            throw new InvalidOperationException($"The current message {current.Message.GetType().Name} was already stashed.");
        if (_stashed.Count >= capacity)
        {
            cell.SystemImpl.DeadLetterRef.Overflow(current.Message, current.Sender, cell.Self, $"stash full ({capacity}, kane.actor.stash-capacity)");
            return;
        }
        _stashed.AddLast(current);
    }

    public void Unstash()
    {
        if (_stashed.First is not { } first) return;
        _stashed.RemoveFirst();
        cell.Mailbox.Prepend(first.Value, first.Value);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0) return;
        Envelope? head = null, tail = null;
        foreach (var e in _stashed)
        {
            e.Next = null;
            if (tail is null) head = e;
            else tail.Next = e;
            tail = e;
        }
        _stashed.Clear();
        cell.Mailbox.Prepend(head!, tail!);
    }

    /// <summary>On restart the fresh instance sees stashed messages first.</summary>
    public void UnstashAllForRestart() => UnstashAll();

    public IReadOnlyList<object> ClearStash()
    {
        var messages = _stashed.Select(e => e.Message).ToList();
        _stashed.Clear();
        return messages;
    }

    /// <summary>The actor stopped: stashed messages become dead letters.</summary>
    public void DropAll()
    {
        foreach (var e in _stashed) cell.SystemImpl.DeadLetters.Tell(new Event.DeadLetter(e.Message, e.Sender ?? cell.SystemImpl.DeadLetters, cell.Self), e.Sender);
        _stashed.Clear();
    }
}
