using System.Collections.Concurrent;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Fails on purpose, by the task's <c>mode</c> metadata: <c>eagain-twice</c> fails with EAGAIN (retryable) on its first
/// two runs and then succeeds; <c>fatal</c> always fails with EACCES; <c>ok</c> succeeds. Any mode fails with a fatal
/// SPEC_BROKEN on the agent named by <see cref="BrokenAgent"/> (a breaker's consecutive failures). Each run sleeps
/// <c>ms</c> (default 0) first and is logged to <paramref name="runs"/>.
/// </summary>
public sealed class FaultyHandler(RunLog runs) : ITaskHandler
{
    public const string Type = "spec-faulty";
    public const string Broken = "SPEC_BROKEN";

    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public string TaskType => Type;

    public IReadOnlyCollection<string> Capabilities => [];

    /// <summary>The agent on which every run fails, or null.</summary>
    public volatile string? BrokenAgent;

    public static KaneTask Task(string id, string mode, int ms = 0) => new(id, Type, TaskPriority.Normal, [])
    {
        Metadata = new Dictionary<string, string> { ["mode"] = mode, ["ms"] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public async ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        runs.Write("start", context);
        var run = _runs.AddOrUpdate(context.JobId + "/" + context.Task.Id, 1, (_, n) => n + 1);
        try
        {
            if (context.Task.Metadata.TryGetValue("ms", out var ms) && int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var delay)
                await System.Threading.Tasks.Task.Delay(delay, cancellationToken);
            if (BrokenAgent == context.AgentId)
                throw new TaskFailedException(TaskError.Fatal(Broken, $"agent {context.AgentId} is broken"));
            switch (context.Task.Metadata["mode"])
            {
                case "eagain-twice" when run <= 2:
                    throw new TaskFailedException(TaskError.Retryable(ErrorCodes.EAGAIN, $"resource temporarily unavailable (run {run})"));
                case "fatal":
                    throw new TaskFailedException(TaskError.Fatal(ErrorCodes.EACCES, "permission denied"));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            runs.Write("cancelled", context);
            throw;
        }
        catch (Exception e)
        {
            runs.Write("failed", context, e.Message);
            throw;
        }
        runs.Write("ok", context);
        return TaskOutcome.Done;
    }
}
