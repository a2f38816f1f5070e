namespace Kane.Actors.Internal;

/// <summary>A task waiting at a node for an agent.</summary>
internal sealed record QueuedTask(string JobId, JobRoots Roots, TaskOffer Offer, long Seq)
{
    public KaneTask Task => Offer.Task;
}

/// <summary>
/// A node's local queue of not-started tasks in dispatch order: higher priority first, then higher rank, then
/// longer queued, then arrival. One entry per (job, task): a newer attempt of a queued task replaces the older one,
/// an older or repeated one is ignored.
/// </summary>
internal sealed class TaskDeque
{
    private readonly SortedSet<QueuedTask> _ordered = new(DispatchOrder.Instance);
    private readonly Dictionary<(string Job, string Task), QueuedTask> _byKey = new();
    private long _seq;

    public int Count => _ordered.Count;

    /// <summary>Queues <paramref name="offer"/>; false when the same or a newer attempt is already queued.</summary>
    public bool Add(string jobId, JobRoots roots, TaskOffer offer)
    {
        var key = (jobId, offer.Task.Id);
        if (_byKey.TryGetValue(key, out var existing))
        {
            if (existing.Offer.Attempt >= offer.Attempt) return false;
            _ordered.Remove(existing);
        }
        var entry = new QueuedTask(jobId, roots, offer, _seq++);
        _byKey[key] = entry;
        _ordered.Add(entry);
        return true;
    }

    /// <summary>Puts back a task that could not start (its agent refused it), in its original place.</summary>
    public void Requeue(QueuedTask entry)
    {
        var key = (entry.JobId, entry.Task.Id);
        if (_byKey.TryGetValue(key, out var existing) && existing.Offer.Attempt >= entry.Offer.Attempt) return;
        if (existing is not null) _ordered.Remove(existing);
        _byKey[key] = entry;
        _ordered.Add(entry);
    }

    /// <summary>Whether this attempt of the task is the one queued.</summary>
    public bool Holds(string jobId, string taskId, int attempt) =>
        _byKey.TryGetValue((jobId, taskId), out var e) && e.Offer.Attempt == attempt;

    public bool Remove(QueuedTask entry)
    {
        if (!_ordered.Remove(entry)) return false;
        _byKey.Remove((entry.JobId, entry.Task.Id));
        return true;
    }

    /// <summary>Removes and returns every queued task of <paramref name="jobId"/>.</summary>
    public IReadOnlyList<QueuedTask> RemoveJob(string jobId)
    {
        var removed = _ordered.Where(e => e.JobId == jobId).ToList();
        foreach (var e in removed) Remove(e);
        return removed;
    }

    /// <summary>The queue in dispatch order (highest priority first). Do not change the deque while enumerating.</summary>
    public IEnumerable<QueuedTask> InOrder => _ordered;

    /// <summary>The queue from the lowest priority up.</summary>
    public IEnumerable<QueuedTask> LowestFirst => _ordered.Reverse();

    private sealed class DispatchOrder : IComparer<QueuedTask>
    {
        public static readonly DispatchOrder Instance = new();

        public int Compare(QueuedTask? x, QueuedTask? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = y.Task.Priority.CompareTo(x.Task.Priority);
            if (c != 0) return c;
            c = y.Task.Rank.CompareTo(x.Task.Rank);
            if (c != 0) return c;
            c = x.Offer.QueuedAt.CompareTo(y.Offer.QueuedAt);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }
}
