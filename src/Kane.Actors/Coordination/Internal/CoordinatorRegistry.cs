namespace Kane.Actors.Internal;

/// <summary>The coordinator's journaled registry: every job it heard of with its last status, and the registered nodes.</summary>
internal sealed class CoordinatorRegistry
{
    public Dictionary<string, JobSummary> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>By host:port.</summary>
    public Dictionary<string, RegistryNodeAdded> Nodes { get; } = new(StringComparer.Ordinal);

    public void Apply(object @event)
    {
        switch (@event)
        {
            case RegistryJobAdded a:
                Jobs.TryAdd(a.JobId, new JobSummary(a.JobId, a.Name, JobStatus.Running, a.Priority, JobProgress.Empty, a.Created));
                break;
            case RegistryJobEnded e:
                if (Jobs.TryGetValue(e.JobId, out var job)) Jobs[e.JobId] = job with { Status = e.Status, Progress = e.Progress };
                break;
            case RegistryNodeAdded n:
                Nodes[n.Node.Node] = n;
                break;
            case RegistryNodeRemoved r:
                if (Nodes.TryGetValue(r.Node, out var node) && node.Node.Uid == r.Uid) Nodes.Remove(r.Node);
                break;
        }
    }

    public CoordinatorRegistrySnapshot ToSnapshot() => new([.. Jobs.Values], [.. Nodes.Values]);

    public void Restore(CoordinatorRegistrySnapshot s)
    {
        Jobs.Clear();
        Nodes.Clear();
        foreach (var j in s.Jobs) Jobs[j.JobId] = j;
        foreach (var n in s.Nodes) Nodes[n.Node.Node] = n;
    }
}
