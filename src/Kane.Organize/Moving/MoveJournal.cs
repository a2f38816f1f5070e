using System.Text.RegularExpressions;
using Kane.Organize.Moving.Internal;
using Microsoft.Win32.SafeHandles;
using static Kane.Organize.Moving.Internal.JournalCodec;

namespace Kane.Organize.Moving;

/// <summary>
/// The append-only journal of one run's file operations, <c>DIRECTORY/RUNID.log</c> (the organize run keeps it in
/// <c>DST/.kane/moves/</c>). Every operation's intent is written and fsynced before the file system is touched, its
/// completion after; undo and crash recovery read it back. A record cut short by a crash is ignored and cut off when
/// the journal is opened again. One process at a time may hold a journal open (an exclusive lock); <see cref="Read"/>
/// needs no lock. Thread-safe: concurrent movers share the fsyncs (group commit).
/// </summary>
public sealed partial class MoveJournal : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly object _writeLock = new();
    private readonly object _syncLock = new();
    private readonly List<MoveEntry> _entries;
    private readonly Dictionary<long, int> _indexById;
    private readonly Dictionary<(MoveKind, string, string), long> _latest;
    private long _length;
    private long _synced;
    private long _nextId;
    private bool _disposed;

    private MoveJournal(string path, string runId, SafeFileHandle file, long length, List<Record> records)
    {
        Path = path;
        RunId = runId;
        _file = file;
        _length = length;
        _synced = length;
        _entries = [];
        _indexById = [];
        _latest = [];
        foreach (var record in records)
            ApplyLocked(record);
        _nextId = _entries.Count == 0 ? 1 : _entries.Max(e => e.Id) + 1;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    public string RunId { get; }

    /// <summary>Bytes cut from the end when the journal was opened: a record torn by a crash (0 normally).</summary>
    public long TruncatedBytes { get; private init; }

    /// <summary>The journal's file for <paramref name="runId"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string runId)
    {
        ValidateRunId(runId);
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(directory), runId + ".log");
    }

    /// <summary>
    /// Opens (creating if needed, with its directory) the journal of <paramref name="runId"/>, reads what it holds,
    /// and cuts off a torn last record.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a plain name of letters, digits, '.', '-', '_'.</exception>
    /// <exception cref="IOException">Another process holds the journal open, or it cannot be created.</exception>
    public static MoveJournal Open(string directory, string runId)
    {
        var path = PathFor(directory, runId);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        SafeFileHandle file;
        try
        {
            // FileShare.None takes an exclusive advisory lock: a second organize process on the same run fails here.
            file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the move journal '{path}' is in use by another process or cannot be opened: {e.Message}", e);
        }
        try
        {
            var data = ReadAll(file);
            var (records, valid) = DecodeAll(data);
            if (valid < data.Length)
            {
                RandomAccess.SetLength(file, valid);
                Posix.Fsync(file);
            }
            return new MoveJournal(path, runId, file, valid, records) { TruncatedBytes = data.Length - valid };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The operations journaled for <paramref name="runId"/>, in the order their intents were written, without
    /// opening the journal for writing (an empty list if there is none).
    /// </summary>
    public static IReadOnlyList<MoveEntry> Read(string directory, string runId)
    {
        var path = PathFor(directory, runId);
        var error = Posix.Open(path, Libc.ORdOnly, 0, out var file);
        if (error == Libc.ENOENT)
            return [];
        if (error != 0)
            throw new IOException($"cannot read the move journal '{path}': {Libc.Describe(error)}");
        using (file)
        {
            var (records, _) = DecodeAll(ReadAll(file));
            var entries = new List<MoveEntry>();
            var index = new Dictionary<long, int>();
            foreach (var record in records)
                Apply(entries, index, record);
            return entries;
        }
    }

    /// <summary>The run ids that have a journal in <paramref name="directory"/>, undo journals included (<c>RUNID.undo</c>), in ordinal order.</summary>
    public static IReadOnlyList<string> List(string directory)
    {
        if (!Directory.Exists(directory))
            return [];
        return Directory.EnumerateFiles(directory, "*.log")
            .Select(f => System.IO.Path.GetFileNameWithoutExtension(f))
            .Where(id => id.Length > 0 && !id.StartsWith('.') && RunIdPattern().IsMatch(id))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A snapshot of every operation in the journal, in intent order.</summary>
    public IReadOnlyList<MoveEntry> Entries
    {
        get
        {
            lock (_writeLock)
                return _entries.ToArray();
        }
    }

    /// <summary>The latest journaled operation for the same kind, source and target, if any.</summary>
    public MoveEntry? Find(MoveRequest request)
    {
        lock (_writeLock)
            return _latest.TryGetValue((request.Kind, request.Source, request.Target), out var id) ? _entries[_indexById[id]] : null;
    }

    /// <summary>fsyncs everything appended so far.</summary>
    public void Flush() => SyncTo(Volatile.Read(ref _length));

    /// <summary>Journals a new operation's intent; durable before returning if <paramref name="sync"/> (else call <see cref="Flush"/> before acting).</summary>
    internal MoveEntry Begin(MoveRequest request, Func<long, string> tempPathFor, bool sync = true)
    {
        long end;
        MoveEntry entry;
        lock (_writeLock)
        {
            var id = _nextId++;
            var record = new IntentRecord(id, request, tempPathFor(id));
            end = AppendLocked(record);
            entry = _entries[_indexById[id]];
        }
        if (sync)
            SyncTo(end);
        return entry;
    }

    /// <summary>Journals that a verified copy is about to be renamed into place; durable before returning.</summary>
    internal void MarkPlacing(long id) => SyncTo(Append(new PlacingRecord(id)));

    /// <summary>Journals completion; durable at the next sync (the file system itself shows a finished move).</summary>
    internal void MarkDone(long id, bool copied) => Append(new DoneRecord(id, copied));

    /// <summary>Journals a failure; durable before returning, since recovery must not resume a failed operation.</summary>
    internal void MarkFailed(long id, MoveFailure failure, int errno, string message) =>
        SyncTo(Append(new FailedRecord(id, failure, errno, message)));

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
                return;
            _disposed = true;
            Posix.Fsync(_file);
            _file.Dispose();
        }
    }

    private long Append(Record record)
    {
        lock (_writeLock)
            return AppendLocked(record);
    }

    private long AppendLocked(Record record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var frame = Encode(record);
        RandomAccess.Write(_file, frame, _length);
        _length += frame.Length;
        ApplyLocked(record);
        return _length;
    }

    private void SyncTo(long end)
    {
        if (Volatile.Read(ref _synced) >= end)
            return;
        lock (_syncLock)
        {
            if (_synced >= end)
                return;
            var upTo = Volatile.Read(ref _length);
            var error = Posix.Fsync(_file);
            if (error != 0)
                throw new IOException($"fsync of the move journal '{Path}' failed: {Libc.Describe(error)}");
            Volatile.Write(ref _synced, upTo);
        }
    }

    private void ApplyLocked(Record record)
    {
        Apply(_entries, _indexById, record);
        if (record is IntentRecord intent)
            _latest[(intent.Request.Kind, intent.Request.Source, intent.Request.Target)] = intent.Id;
    }

    private static void Apply(List<MoveEntry> entries, Dictionary<long, int> index, Record record)
    {
        if (record is IntentRecord intent)
        {
            index[intent.Id] = entries.Count;
            entries.Add(new MoveEntry(intent.Id, intent.Request, intent.TempPath, MoveState.Pending));
            return;
        }
        if (!index.TryGetValue(record.Id, out var at))
            return;
        var entry = entries[at];
        entries[at] = record switch
        {
            PlacingRecord => entry with { State = MoveState.Placing },
            DoneRecord d => entry with { State = MoveState.Done, Copied = d.Copied },
            FailedRecord f => entry with { State = MoveState.Failed, Failure = f.Failure, Errno = f.Errno, Message = f.Message },
            _ => entry,
        };
    }

    private static byte[] ReadAll(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        var data = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(file, data.AsSpan(read), read);
            if (n == 0)
                break;
            read += n;
        }
        return read == length ? data : data[..read];
    }

    private static void ValidateRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (runId.Length > 120 || !RunIdPattern().IsMatch(runId) || runId.StartsWith('.'))
            throw new ArgumentException($"run id '{runId}' must be 1-120 letters, digits, '.', '-' or '_', not starting with '.'", nameof(runId));
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex RunIdPattern();
}
