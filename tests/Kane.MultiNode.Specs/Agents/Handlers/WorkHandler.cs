using System.Globalization;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// The specs' workload: sleeps a random time in [<c>min-ms</c>, <c>max-ms</c>] (task metadata) times this node's
/// <paramref name="slowFactor"/>, observing cancellation, then applies the task's marker (<see cref="Markers"/>).
/// Every run is logged to <paramref name="runs"/>.
/// </summary>
public sealed class WorkHandler(string markerDirectory, RunLog runs, double slowFactor = 1) : ITaskHandler
{
    public const string Type = "spec-work";

    public string TaskType => Type;

    public IReadOnlyCollection<string> Capabilities => [];

    public static KaneTask Task(string id, int minMs, int maxMs) => new(id, Type, TaskPriority.Normal, [])
    {
        Metadata = new Dictionary<string, string>
        {
            ["min-ms"] = minMs.ToString(CultureInfo.InvariantCulture),
            ["max-ms"] = maxMs.ToString(CultureInfo.InvariantCulture),
        },
    };

    public async ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        runs.Write("start", context);
        try
        {
            var min = int.Parse(context.Task.Metadata["min-ms"], CultureInfo.InvariantCulture);
            var max = int.Parse(context.Task.Metadata["max-ms"], CultureInfo.InvariantCulture);
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(min, max + 1) * slowFactor), cancellationToken);
            Markers.Apply(markerDirectory, context);
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
