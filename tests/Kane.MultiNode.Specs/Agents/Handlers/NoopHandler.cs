using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Succeeds at once: what is left of a task's cost is the coordination path itself. Shared by the agent specs and
/// <c>bench coordination</c> (linked into the bench), which times it against <c>Parallel.ForEachAsync</c>.
/// </summary>
/// <param name="started">Called with the context when a run starts (the bench's queue-to-start latency), or null.</param>
public sealed class NoopHandler(Action<TaskContext>? started = null) : ITaskHandler
{
    public const string Type = "spec-noop";

    public string TaskType => Type;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        started?.Invoke(context);
        return ValueTask.FromResult(TaskOutcome.Done);
    }
}
