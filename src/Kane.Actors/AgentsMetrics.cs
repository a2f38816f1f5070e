using System.Diagnostics.Metrics;

namespace Kane.Actors;

/// <summary>
/// The agents' metrics (meter <see cref="MeterName"/>), OpenTelemetry-style names in one place. Counters are per
/// process; in-process test clusters share them.
/// </summary>
public static class AgentsMetrics
{
    public const string MeterName = "Kane.Actors";

    /// <summary>Tasks an agent started (first runs, not retries).</summary>
    public const string TasksStarted = "kane.agents.tasks.started";

    /// <summary>Tasks that succeeded.</summary>
    public const string TasksCompleted = "kane.agents.tasks.completed";

    /// <summary>Tasks that failed for good (fatal, retries exhausted, deadline passed, cancelled).</summary>
    public const string TasksFailed = "kane.agents.tasks.failed";

    /// <summary>Retries of retryable failures.</summary>
    public const string TasksRetried = "kane.agents.tasks.retried";

    /// <summary>Tasks a node gave to a thief (tag <c>direction</c> = out) or received (in, counted from replies).</summary>
    public const string TasksStolen = "kane.agents.tasks.stolen";

    /// <summary>Run time of a task, first start to result, milliseconds.</summary>
    public const string TaskDuration = "kane.agents.task.duration";

    /// <summary>From the job queuing a task to an agent starting it, milliseconds.</summary>
    public const string QueueToStart = "kane.agents.task.queue_to_start";

    /// <summary>Times an agent's circuit breaker opened (or reopened after a failed probe).</summary>
    public const string BreakerOpened = "kane.agents.breaker.opened";

    internal static readonly Meter Meter = new(MeterName);
    internal static readonly Counter<long> Started = Meter.CreateCounter<long>(TasksStarted, "{task}");
    internal static readonly Counter<long> Completed = Meter.CreateCounter<long>(TasksCompleted, "{task}");
    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>(TasksFailed, "{task}");
    internal static readonly Counter<long> Retried = Meter.CreateCounter<long>(TasksRetried, "{retry}");
    internal static readonly Counter<long> Stolen = Meter.CreateCounter<long>(TasksStolen, "{task}");
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(TaskDuration, "ms");
    internal static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(QueueToStart, "ms");
    internal static readonly Counter<long> BreakerOpens = Meter.CreateCounter<long>(BreakerOpened, "{event}");
}
