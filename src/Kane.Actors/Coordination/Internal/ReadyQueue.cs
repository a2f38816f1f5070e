namespace Kane.Actors.Internal;

/// <summary>A ready task in the coordinator's global queue.</summary>
internal sealed record QueuedOffer(string JobId, TaskPriority JobPriority, TaskOffer Offer, long Seq)
{
    public KaneTask Task => Offer.Task;
    public TaskAttempt Attempt => new(Offer.Task.Id, Offer.Attempt);

    /// <summary>Set when the entry left the queue.</summary>
    internal bool Removed { get; set; }
}

/// <summary>
/// The cluster coordinator's global ready queue: ordered by job priority, task priority, rank (all highest first),
/// then queued time; one entry per (job, task), the highest attempt offered wins. Entries live in FIFO buckets per
/// (job priority, task priority, rank); within a bucket, offers are kept in queued-time order, then arrival.
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
        if (_buckets.TryGetValue(key, out var bucket) && bucket.Remove(entry) == 0) _buckets.Remove(key);
    }

    /// <summary>
    /// Offers of one (job priority, task priority, rank) in queued-time order, then arrival. A tree, not a list kept
    /// sorted by insertion: jobs submitted together offer interleaved queued times, and walking a 100k-entry list back
    /// to each one's place made offering quadratic (it was the coordinator's hottest code in the bench).
    /// </summary>
    private sealed class Bucket
    {
        private readonly SortedSet<QueuedOffer> _entries = new(QueuedOrder.Instance);

        public IEnumerable<QueuedOffer> Entries => _entries;

        public void Add(QueuedOffer entry) => _entries.Add(entry);

        /// <summary>Removes one entry; returns the live count.</summary>
        public int Remove(QueuedOffer entry)
        {
            _entries.Remove(entry);
            return _entries.Count;
        }
    }

    private sealed class QueuedOrder : IComparer<QueuedOffer>
    {
        public static readonly QueuedOrder Instance = new();

        public int Compare(QueuedOffer? x, QueuedOffer? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = x.Offer.QueuedAt.CompareTo(y.Offer.QueuedAt);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }

    private sealed class Descending : IComparer<(int, int, int)>
    {
        public static readonly Descending Instance = new();

        public int Compare((int, int, int) x, (int, int, int) y) => y.CompareTo(x);
    }
}
