namespace Kane.Organize.Run;

/// <summary>What one node does for the run's current job, from the job's task rows and the coordinator's agent list.</summary>
/// <param name="Node">host:port of the node.</param>
/// <param name="Agents">Agents whose home is the node.</param>
/// <param name="BusyAgents">Of those, agents running a task now (any job's).</param>
/// <param name="InFlight">Tasks of the job dispatched to the node and not yet reported (queued there or running).</param>
/// <param name="InFlightTasks">Their ids (an organize task's id names its type: <c>hash-00003</c>), at most <see cref="NodeActivityTracker.ListedTasks"/>.</param>
/// <param name="Done">Tasks of the job the node finished successfully.</param>
/// <param name="Failed">Tasks of the job that failed there for good.</param>
/// <param name="Files">Files those finished tasks handled (their <c>files</c> output: scanned, hashed, categorised, moved...).</param>
/// <param name="FilesPerSecond">Rate of <see cref="Files"/> over the last few seconds.</param>
public sealed record NodeActivity(string Node, int Agents, int BusyAgents, int InFlight, IReadOnlyList<string> InFlightTasks, int Done, int Failed,
    long Files, double FilesPerSecond);
