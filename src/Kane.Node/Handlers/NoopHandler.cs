using Kane.Actors;

namespace Kane.Node.Handlers;

/// <summary><c>kane.noop</c>: succeeds at once and touches nothing; measures the agents' own overhead.</summary>
internal sealed class NoopHandler : ITaskHandler
{
    public const string Type = "kane.noop";

    public string TaskType => Type;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => ValueTask.FromResult(TaskOutcome.Done);
}
