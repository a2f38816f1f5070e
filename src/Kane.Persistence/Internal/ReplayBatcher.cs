using System.Diagnostics;
using System.Runtime.CompilerServices;
using Kane.Actor;
using Kane.Persistence.Journal;

namespace Kane.Persistence.Internal;

/// <summary>
/// Collects replayed rows for one recovering actor and tells them in <see cref="ReplayedMessages"/> batches: when
/// <see cref="MaxEvents"/> are held, or when the oldest held event has waited <see cref="MaxDelay"/> (so a slow
/// store still shows progress to the recovery timeout). Locked because a store whose call timed out may still be
/// emitting rows on its thread while the failure is reported.
/// </summary>
internal sealed class ReplayBatcher(IActorRef actor, int instanceId)
{
    internal const int MaxEvents = 512;
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private List<JournalRow> _events = [];
    private long _firstHeldAt;
    private bool _closed;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(JournalRow row)
    {
        lock (_lock)
        {
            if (_closed) return;
            if (_events.Count == 0) _firstHeldAt = Stopwatch.GetTimestamp();
            _events.Add(row);
            if (_events.Count >= MaxEvents || Stopwatch.GetElapsedTime(_firstHeldAt) >= MaxDelay) FlushHeld();
        }
    }

    /// <summary>Tells what is held, then drops whatever comes later; call before the replay's outcome is told.</summary>
    public void Close()
    {
        lock (_lock)
        {
            FlushHeld();
            _closed = true;
        }
    }

    private void FlushHeld()
    {
        if (_events.Count == 0) return;
        actor.Tell(new ReplayedMessages(_events, instanceId));
        _events = new List<JournalRow>(Math.Min(MaxEvents, _events.Count));
    }
}
