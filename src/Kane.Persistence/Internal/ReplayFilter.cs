using System.Runtime.CompilerServices;
using Kane.Persistence.Journal;

namespace Kane.Persistence.Internal;

/// <summary>
/// Finds events of several writers interleaved on one persistence id. A writer that continues the sequence after
/// another is a normal hand-over; a writer whose event repeats a sequence number already seen is a second live
/// writer. The filter holds a window of events so that, in repair mode, the older writer's events in the window
/// that collide can still be dropped. Pure: feed rows, collect what it emits.
/// </summary>
internal sealed class ReplayFilter(ReplayFilterSettings settings, Action<string> warn)
{
    // A queue, not a linked list: a replay passes every row through the window, and a node per row was garbage.
    private Queue<JournalRow> _window = new();
    private readonly LinkedList<string> _oldWriters = new();
    private string? _writer;
    private long _highest;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(JournalRow row, Action<JournalRow> emit)
    {
        if (settings.Mode == ReplayFilterMode.Off) { emit(row); return; }
        if (_window.Count >= settings.WindowSize) emit(_window.Dequeue());
        if (row.SequenceNr > _highest)
        {
            if (_writer is not null && row.WriterUuid != _writer) RememberOld(_writer);
            if (_oldWriters.Contains(row.WriterUuid))
            {
                Detected(row, $"an event of old writer {row.WriterUuid} follows a newer writer");
                if (settings.Mode == ReplayFilterMode.RepairByDiscardOld) return;
            }
            _writer = row.WriterUuid;
            _highest = row.SequenceNr;
            _window.Enqueue(row);
        }
        else if (_oldWriters.Contains(row.WriterUuid))
        {
            Detected(row, $"old writer {row.WriterUuid} wrote sequence number {row.SequenceNr} again");
            if (settings.Mode != ReplayFilterMode.RepairByDiscardOld) _window.Enqueue(row);
        }
        else if (row.WriterUuid != _writer)
        {
            Detected(row, $"writer {row.WriterUuid} wrote sequence number {row.SequenceNr} that writer {_writer} wrote too");
            if (settings.Mode == ReplayFilterMode.RepairByDiscardOld)
            {
                var old = _writer!;
                _window = new Queue<JournalRow>(_window.Where(held => held.WriterUuid != old || held.SequenceNr < row.SequenceNr));
            }
            RememberOld(_writer!);
            _writer = row.WriterUuid;
            _highest = row.SequenceNr;
            _window.Enqueue(row);
        }
        else
        {
            Detected(row, $"writer {row.WriterUuid} repeated sequence number {row.SequenceNr}");
            if (settings.Mode != ReplayFilterMode.RepairByDiscardOld) _window.Enqueue(row);
        }
    }

    public void Complete(Action<JournalRow> emit)
    {
        foreach (var row in _window) emit(row);
        _window.Clear();
    }

    private void Detected(JournalRow row, string what)
    {
        var message = $"Replay of '{row.PersistenceId}': {what}; two writers were active on this persistence id.";
        if (settings.Mode == ReplayFilterMode.Fail) throw new InvalidOperationException(message);
        warn(settings.Mode == ReplayFilterMode.RepairByDiscardOld ? message + " The old writer's events are discarded." : message);
    }

    private void RememberOld(string writer)
    {
        if (_oldWriters.Contains(writer)) return;
        _oldWriters.AddLast(writer);
        if (_oldWriters.Count > settings.MaxOldWriters) _oldWriters.RemoveFirst();
    }
}
