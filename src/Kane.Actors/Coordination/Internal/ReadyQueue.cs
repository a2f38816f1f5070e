namespace Kane.Actors.Internal;

/// <summary>A ready task in the coordinator's global queue.</summary>
internal sealed record QueuedOffer(string JobId, TaskPriority JobPriority, TaskOffer Offer, long Seq)
{
    public KaneTask Task => Offer.Task;
    public TaskAttempt Attempt => new(Offer.Task.Id, Offer.Attempt);

    /// <summary>Set when the entry left the queue; its bucket drops it lazily.</summary>
    internal bool Removed { get; set; }
}

/// <summary>
/// The cluster coordinator's global ready queue: ordered by job priority, task priority, rank (all highest first),
/// then queued time; one entry per (job, task), the highest attempt offered wins. Entries live in FIFO buckets per
/// (job priority, task priority, rank), so an offer costs a few hash lookups, not a tree insertion; within a bucket,
/// offers are kept in queued-time order as they arrive, and an offer older than the bucket's tail is inserted in place.
/// </summary>
internal sealed class ReadyQueue
{
    private readonly SortedDictionary<(int JobPriority, int TaskPriority, int Rank), Bucket> _buckets = new(Descending.Instance);
    private readonly Dictionary<string, Dictionary<string, QueuedOffer>> _byJob = new(StringComparer.Ordinal);
    private long _seq;

    public int Count { get; private set; }

    /// <summary>In dispatch order.</summary>
    public IEnumerable<QueuedOffer> Ordered
    {
        get
        {
            foreach (var bucket in _buckets.Values)
                foreach (var e in bucket.Entries)
                    if (!e.Removed) yield return e;
        }
    }

    public int CountOf(string jobId) => _byJob.TryGetValue(jobId, out var m) ? m.Count : 0;

    /// <summary>Adds the offer; false when the same or a later attempt of the task is already queued.</summary>
    public bool Offer(string jobId, TaskPriority jobPriority, TaskOffer offer)
    {
        if (!_byJob.TryGetValue(jobId, out var tasks)) _byJob[jobId] = tasks = new(StringComparer.Ordinal);
        if (tasks.TryGetValue(offer.Task.Id, out var existing))
        {
            if (existing.Offer.Attempt >= offer.Attempt) return false;
            Drop(existing);
        }
        var entry = new QueuedOffer(jobId, jobPriority, offer, ++_seq);
        tasks[offer.Task.Id] = entry;
        var key = ((int)jobPriority, (int)offer.Task.Priority, offer.Task.Rank);
        if (!_buckets.TryGetValue(key, out var bucket)) _buckets[key] = bucket = new Bucket();
        bucket.Add(entry);
        Count++;
        return true;
    }

    public void Remove(QueuedOffer entry)
    {
        if (entry.Removed || !_byJob.TryGetValue(entry.JobId, out var tasks) || !tasks.TryGetValue(entry.Task.Id, out var current) || !ReferenceEquals(current, entry))
            return;
        tasks.Remove(entry.Task.Id);
        if (tasks.Count == 0) _byJob.Remove(entry.JobId);
        Drop(entry);
    }

    /// <summary>Forgets every task of <paramref name="jobId"/> (it ended or was cancelled).</summary>
    public int RemoveJob(string jobId)
    {
        if (!_byJob.Remove(jobId, out var tasks)) return 0;
        foreach (var e in tasks.Values) Drop(e);
        return tasks.Count;
    }

    private void Drop(QueuedOffer entry)
    {
        entry.Removed = true;
        Count--;
        var key = ((int)entry.JobPriority, (int)entry.Task.Priority, entry.Task.Rank);
        if (_buckets.TryGetValue(key, out var bucket) && bucket.Dropped() == 0) _buckets.Remove(key);
    }

    /// <summary>Offers of one (job priority, task priority, rank) in queued-time order; removed ones are swept lazily.</summary>
    private sealed class Bucket
    {
        private List<QueuedOffer> _entries = [];
        private int _head;
        private int _live;

        public IEnumerable<QueuedOffer> Entries
        {
            get
            {
                for (var i = _head; i < _entries.Count; i++) yield return _entries[i];
            }
        }

        public void Add(QueuedOffer entry)
        {
            _live++;
            var at = _entries.Count;
            // Offers mostly arrive in queued-time order; an older one (a re-offer) walks back to its place.
            while (at > _head && Later(_entries[at - 1], entry)) at--;
            _entries.Insert(at, entry);
        }

        private static bool Later(QueuedOffer a, QueuedOffer b) => a.Offer.QueuedAt > b.Offer.QueuedAt;

        /// <summary>One entry was removed; returns the live count.</summary>
        public int Dropped()
        {
            _live--;
            while (_head < _entries.Count && _entries[_head].Removed) _head++;
            var dead = _entries.Count - _head - _live;
            if (_head > 1024 && _head > _entries.Count / 2 || dead > 1024 && dead > _live)
            {
                _entries = [.. _entries.Skip(_head).Where(e => !e.Removed)];
                _head = 0;
            }
            return _live;
        }
    }

    private sealed class Descending : IComparer<(int, int, int)>
    {
        public static readonly Descending Instance = new();

        public int Compare((int, int, int) x, (int, int, int) y) => y.CompareTo(x);
    }
}
