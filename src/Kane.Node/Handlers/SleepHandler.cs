using System.Globalization;
using Kane.Actors;

namespace Kane.Node.Handlers;

/// <summary>
/// <c>kane.sleep</c>: waits the milliseconds in the task's metadata <c>ms</c> (0–3,600,000), then succeeds; a stand-in
/// for real work in smoke tests and benchmarks. A missing or bad <c>ms</c> fails the task at once (EINVAL).
/// </summary>
internal sealed class SleepHandler : ITaskHandler
{
    public const string Type = "kane.sleep";
    public const int MaxMilliseconds = 3_600_000;

    public string TaskType => Type;

    public IReadOnlyCollection<string> Capabilities => [];

    public async ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var ms = Milliseconds(context.Task);
        await Task.Delay(ms, cancellationToken).ConfigureAwait(false);
        return new TaskOutcome { Output = new Dictionary<string, string> { ["slept-ms"] = ms.ToString(CultureInfo.InvariantCulture) } };
    }

    /// <exception cref="TaskFailedException">EINVAL: <c>ms</c> is missing or not a whole number in range.</exception>
    internal static int Milliseconds(KaneTask task) =>
        task.Metadata.TryGetValue("ms", out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= MaxMilliseconds
            ? ms
            : throw new TaskFailedException(TaskError.Fatal(ErrorCodes.EINVAL,
                $"task {task.Id}: kane.sleep needs metadata \"ms\" with a whole number of milliseconds from 0 to {MaxMilliseconds}, not '{text}'"));
}
