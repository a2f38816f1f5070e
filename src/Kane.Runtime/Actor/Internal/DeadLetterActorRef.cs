using Kane.Event;

namespace Kane.Actor.Internal;

/// <summary>
/// Where undeliverable messages go: each is published as <see cref="DeadLetter"/> and the first
/// <c>kane.log-dead-letters</c> are logged, then logging is muted for a while and the count of muted ones reported.
/// </summary>
internal sealed class DeadLetterActorRef(ActorSystemImpl system, ActorPath path) : InternalActorRef
{
    private readonly object _gate = new();
    private int _logged;
    private long _muted;
    private DateTimeOffset _mutedUntil;

    public override ActorPath Path { get; } = path;

    public override InternalActorRef? Parent => null;

    public override ActorSystem System => system;

    public override bool IsLocal => true;

    public override bool IsTerminated => false;

    public override void SendSystemMessage(SystemMessage message)
    {
        // Watching dead letters means watching nothing: tell the watcher at once.
        if (message is Watch w && !w.Watcher.Equals(this))
            w.Watcher.SendSystemMessage(new DeathWatchNotification(w.Watchee, existenceConfirmed: false, addressTerminated: false));
    }

    public override void Tell(object message, IActorRef? sender)
    {
        var letter = message as DeadLetter ?? new DeadLetter(message, sender ?? this, this);
        switch (letter.Message)
        {
            case Identify identify:
                // Nobody lives here: answer so that a resolver does not wait for its timeout.
                letter.Sender.Tell(new ActorIdentity(identify.MessageId, null), this);
                return;
            case ActorSelectionMessage { Message: Identify selected }:
                letter.Sender.Tell(new ActorIdentity(selected.MessageId, null), this);
                return;
            case DeadLetter:
                return;
        }
        system.EventStream.Publish(letter);
        // A stop request or a death notice for something already gone is expected noise, not worth a log line.
        if (letter.Message is not (Terminated or PoisonPill)) MaybeLog(letter);
    }

    /// <summary>A bounded queue refused a message: dead-letter it with the reason, always with a warning line.</summary>
    public void Overflow(object message, IActorRef? sender, IActorRef recipient, string reason)
    {
        var letter = new DeadLetter(message, sender ?? this, recipient) { Reason = reason };
        system.EventStream.Publish(letter);
        MaybeLog(letter);
    }

    private void MaybeLog(DeadLetter letter)
    {
        var limit = system.Settings.LogDeadLetters;
        if (limit == 0) return;
        long mutedCount;
        bool last;
        lock (_gate)
        {
            var now = system.Now;
            if (_logged >= limit)
            {
                if (now < _mutedUntil)
                {
                    _muted++;
                    return;
                }
                _logged = 0;
            }
            _logged++;
            mutedCount = _muted;
            _muted = 0;
            last = _logged == limit;
            if (last) _mutedUntil = now + system.Settings.LogDeadLettersSuspendDuration;
        }
        system.Logging.LogDeadLetter(letter, last, mutedCount);
    }
}
