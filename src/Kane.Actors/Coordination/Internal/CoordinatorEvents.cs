namespace Kane.Actors.Internal;

// The cluster coordinator's journal (kane-cluster-coordinator): its registry of jobs and nodes. The ready queue and
// the nodes' load are soft state, rebuilt from jobs' offers and nodes' reports after a hand-over.

internal sealed record RegistryJobAdded(string JobId, string Name, TaskPriority Priority, DateTimeOffset Created);

internal sealed record RegistryJobEnded(string JobId, JobStatus Status, JobProgress Progress);

internal sealed record RegistryNodeAdded(NodeRef Node, IReadOnlyList<string> Capabilities, IReadOnlyList<string> TaskTypes, int Slots);

internal sealed record RegistryNodeRemoved(string Node, long Uid, string Reason);

internal sealed record CoordinatorRegistrySnapshot(IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RegistryNodeAdded> Nodes);
