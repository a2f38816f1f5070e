namespace Kane.Actors.Internal;

/// <summary>A ready task in the coordinator's global queue.</summary>
internal sealed record QueuedOffer(string JobId, TaskPriority JobPriority, TaskOffer Offer, long Seq)
{
    public KaneTask Task => Offer.Task;
    public TaskAttempt Attempt => new(Offer.Task.Id, Offer.Attempt);
}

/// <summary>
/// The cluster coordinator's global ready queue: ordered by job priority, task priority, rank (all highest first),
/// then queued time and arrival; one entry per (job, task), the highest attempt offered wins.
/// </summary>
internal sealed class ReadyQueue
{
    private readonly SortedSet<QueuedOffer> _order = new(Order.Instance);
    private readonly Dictionary<string, Dictionary<string, QueuedOffer>> _byJob = new(StringComparer.Ordinal);
    private long _seq;

    public int Count => _order.Count;

    /// <summary>In dispatch order.</summary>
    public IEnumerable<QueuedOffer> Ordered => _order;

    public int CountOf(string jobId) => _byJob.TryGetValue(jobId, out var m) ? m.Count : 0;

    /// <summary>Adds the offer; false when the same or a later attempt of the task is already queued.</summary>
    public bool Offer(string jobId, TaskPriority jobPriority, TaskOffer offer)
    {
        if (!_byJob.TryGetValue(jobId, out var tasks)) _byJob[jobId] = tasks = new(StringComparer.Ordinal);
        if (tasks.TryGetValue(offer.Task.Id, out var existing))
        {
            if (existing.Offer.Attempt >= offer.Attempt) return false;
            _order.Remove(existing);
        }
        var entry = new QueuedOffer(jobId, jobPriority, offer, ++_seq);
        tasks[offer.Task.Id] = entry;
        _order.Add(entry);
        return true;
    }

    public void Remove(QueuedOffer entry)
    {
        if (!_byJob.TryGetValue(entry.JobId, out var tasks) || !tasks.TryGetValue(entry.Task.Id, out var current) || current != entry) return;
        tasks.Remove(entry.Task.Id);
        if (tasks.Count == 0) _byJob.Remove(entry.JobId);
        _order.Remove(entry);
    }

    /// <summary>Forgets every task of <paramref name="jobId"/> (it ended or was cancelled).</summary>
    public int RemoveJob(string jobId)
    {
        if (!_byJob.Remove(jobId, out var tasks)) return 0;
        foreach (var e in tasks.Values) _order.Remove(e);
        return tasks.Count;
    }

    private sealed class Order : IComparer<QueuedOffer>
    {
        public static readonly Order Instance = new();

        public int Compare(QueuedOffer? x, QueuedOffer? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = y.JobPriority.CompareTo(x.JobPriority);
            if (c != 0) return c;
            c = y.Task.Priority.CompareTo(x.Task.Priority);
            if (c != 0) return c;
            c = y.Task.Rank.CompareTo(x.Task.Rank);
            if (c != 0) return c;
            c = x.Offer.QueuedAt.CompareTo(y.Offer.QueuedAt);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }
}
