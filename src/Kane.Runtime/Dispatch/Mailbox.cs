using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Event;

namespace Kane.Dispatch;

/// <summary>
/// The queue in front of one actor plus the state machine that runs it: system messages (create, watch, failure,
/// terminate) always go before user messages; a scheduled mailbox runs on its dispatcher for at most
/// <c>throughput</c> user messages, then yields the thread.
/// </summary>
public abstract partial class Mailbox : IThreadPoolWorkItem
{
    private const int ScheduledBit = 1;
    private const int ClosedBit = 2;
    private const int SuspendUnit = 4;

    private int _status;
    private SystemMessage? _systemStack;
    private Envelope? _prepended;
    private ActorCell _cell = null!;
    private MessageDispatcher _dispatcher = null!;

    internal ActorCell Cell => _cell;

    internal MessageDispatcher Dispatcher => _dispatcher;

    internal void Attach(ActorCell cell, MessageDispatcher dispatcher)
    {
        _cell = cell;
        _dispatcher = dispatcher;
    }

    /// <summary>Number of user messages waiting (approximate while producers are active).</summary>
    public abstract int Count { get; }

    /// <summary>True when a user message is waiting (approximate while producers are active).</summary>
    public bool HasMessages => _prepended is not null || HasQueuedMessages;

    protected abstract bool HasQueuedMessages { get; }

    /// <summary>Adds a message; returns false when the queue refused it (full), and the caller dead-letters it.</summary>
    private protected abstract bool TryEnqueue(Envelope envelope);

    /// <summary>Takes the next message; only the one thread running this mailbox calls it.</summary>
    private protected abstract Envelope? TryDequeue();

    internal bool IsClosed => (Volatile.Read(ref _status) & ClosedBit) != 0;

    internal bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    /// <summary>True while a turn is queued or running: the actor is busy even if its queue is empty.</summary>
    internal bool IsScheduled => (Volatile.Read(ref _status) & ScheduledBit) != 0;

    internal bool HasSystemMessages => Volatile.Read(ref _systemStack) is not null;

    /// <summary>A user message from <paramref name="sender"/>: what a local ref's tell does (sharding's fast path calls it too).</summary>
    internal void Tell(object message, IActorRef? sender) => Post(new Envelope(message, sender));

    internal void Post(Envelope envelope)
    {
        if (!TryEnqueue(envelope))
        {
            _cell.SystemImpl.DeadLetterRef.Overflow(envelope.Message, envelope.Sender, _cell.Self, "mailbox full");
            return;
        }
        if (IsClosed)
        {
            DrainAfterClose();
            return;
        }
        TrySchedule(hasSystemMessage: false);
    }

    internal void PostSystem(SystemMessage message)
    {
        SystemMessage? head;
        do
        {
            head = Volatile.Read(ref _systemStack);
            message.Next = head;
        }
        while (Interlocked.CompareExchange(ref _systemStack, message, head) != head);
        if (IsClosed)
        {
            DrainAfterClose();
            return;
        }
        TrySchedule(hasSystemMessage: true);
    }

    /// <summary>Puts envelopes (already linked, oldest first) in front of everything queued; actor thread only.</summary>
    internal void Prepend(Envelope first, Envelope last)
    {
        last.Next = _prepended;
        _prepended = first;
    }

    internal bool TrySchedule(bool hasSystemMessage)
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if ((s & (ScheduledBit | ClosedBit)) != 0) return false;
            if (s >= SuspendUnit && !hasSystemMessage && !HasSystemMessages) return false;
            if (Interlocked.CompareExchange(ref _status, s | ScheduledBit, s) == s)
            {
                _dispatcher.Execute(this);
                return true;
            }
        }
    }

    internal void Suspend() => Interlocked.Add(ref _status, SuspendUnit);

    internal void Resume()
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if (s < SuspendUnit) return;
            if (Interlocked.CompareExchange(ref _status, s - SuspendUnit, s) == s) return;
        }
    }

    void IThreadPoolWorkItem.Execute() => Run();

    /// <summary>One turn: pending system messages, then up to the throughput budget of user messages.</summary>
    internal void Run()
    {
        var previous = ActorCell.Enter(_cell);
        try
        {
            if (!IsClosed)
            {
                ProcessSystemMessages();
                ProcessUserMessages();
            }
        }
        finally
        {
            Interlocked.And(ref _status, ~ScheduledBit);
            // Still inside the actor's context, so that the dispatcher sees a reschedule as actor work, not outside work.
            if (!IsClosed && (HasSystemMessages || (!IsSuspended && HasMessages))) TrySchedule(hasSystemMessage: false);
            ActorCell.Exit(previous);
        }
    }

    private void ProcessUserMessages()
    {
        var left = _dispatcher.Throughput;
        var cell = _cell;
        // Stop as soon as a system message suspended or closed the mailbox: only the scheduled bit may be set.
        while (left-- > 0 && (Volatile.Read(ref _status) & ~ScheduledBit) == 0)
        {
            var envelope = _prepended;
            if (envelope is not null)
            {
                _prepended = envelope.Next;
                envelope.Next = null;
            }
            else
            {
                envelope = TryDequeue();
                if (envelope is null) break;
            }
            cell.Invoke(envelope);
            if (Volatile.Read(ref _systemStack) is not null) ProcessSystemMessages();
        }
    }

    internal void ProcessSystemMessages()
    {
        while (Volatile.Read(ref _systemStack) is not null)
        {
            var message = Reverse(Interlocked.Exchange(ref _systemStack, null));
            while (message is not null)
            {
                var next = message.Next;
                message.Next = null;
                if (IsClosed) _cell.SystemInvokeAfterClose(message);
                else _cell.SystemInvoke(message);
                message = next;
            }
        }
    }

    private static SystemMessage? Reverse(SystemMessage? head)
    {
        SystemMessage? reversed = null;
        while (head is not null)
        {
            var next = head.Next;
            head.Next = reversed;
            reversed = head;
            head = next;
        }
        return reversed;
    }

    /// <summary>Marks the mailbox closed and sends what is left to dead letters; called once by the terminating cell.</summary>
    internal void Close()
    {
        Interlocked.Or(ref _status, ClosedBit);
        DrainAfterClose();
    }

    private void DrainAfterClose()
    {
        lock (this)
        {
            var deadLetters = _cell.System.DeadLetters;
            while (_prepended is { } p)
            {
                _prepended = p.Next;
                deadLetters.Tell(new DeadLetter(p.Message, p.Sender ?? deadLetters, _cell.Self), p.Sender);
            }
            while (TryDequeue() is { } e) deadLetters.Tell(new DeadLetter(e.Message, e.Sender ?? deadLetters, _cell.Self), e.Sender);
            var sys = Reverse(Interlocked.Exchange(ref _systemStack, null));
            while (sys is not null)
            {
                var next = sys.Next;
                sys.Next = null;
                _cell.SystemInvokeAfterClose(sys);
                sys = next;
            }
        }
    }
}
