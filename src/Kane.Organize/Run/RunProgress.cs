using Kane.Actors;

namespace Kane.Organize.Run;

/// <summary>Where a run is, for the live display.</summary>
/// <param name="Phase"><c>scan</c> or <c>organize</c>.</param>
/// <param name="Job">The phase's job as last polled (null before it is submitted).</param>
/// <param name="Scanned">Files in the catalog.</param>
/// <param name="Hashed">Files sharing a size with another file whose hashing is done.</param>
/// <param name="Moved">Files whose planned action is done.</param>
/// <param name="Elapsed">Milliseconds since the run started.</param>
/// <param name="Nodes">What each node of the cluster does for the phase's job.</param>
public sealed record RunProgress(string Phase, JobView? Job, long Scanned, long Hashed, long Moved, long Elapsed, IReadOnlyList<NodeActivity> Nodes);
