using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Kane.Actor;
using Kane.Actor.Internal;
using Microsoft.Extensions.Logging;

namespace Kane.Shutdown;

/// <summary>
/// Stops a system in ordered phases (unbind services, hand off shards, leave the cluster, terminate), each with a
/// timeout. Modules register tasks in the phase they belong to; <see cref="Run"/> executes the phases in dependency
/// order, running a phase's tasks concurrently. It runs once: later calls return the same task.
/// </summary>
public sealed partial class CoordinatedShutdown
{
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
    public const string PhaseServiceUnbind = "service-unbind";
    public const string PhaseServiceRequestsDone = "service-requests-done";
    public const string PhaseServiceStop = "service-stop";
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";
    public const string PhaseClusterShardingShutdownRegion = "cluster-sharding-shutdown-region";
    public const string PhaseClusterLeave = "cluster-leave";
    public const string PhaseClusterExiting = "cluster-exiting";
    public const string PhaseClusterExitingDone = "cluster-exiting-done";
    public const string PhaseClusterShutdown = "cluster-shutdown";
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    private readonly ActorSystemImpl _system;
    private readonly CoordinatedShutdownSettings _settings;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, (string Name, Func<CancellationToken, Task> Task)>> _tasks = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly ILogger _log;
    private long _nextTaskId;
    private Task? _run;
    private ShutdownReason? _reason;
    private PosixSignalRegistration? _sigterm;

    private CoordinatedShutdown(ActorSystemImpl system)
    {
        _system = system;
        _settings = system.Settings.CoordinatedShutdown;
        _log = system.Logging.ForCategory("Kane.CoordinatedShutdown", system.Address.ToString());
        OrderedPhases = PhaseOrder.Sort(_settings.Phases);
        if (_settings.RunByClrShutdownHook) InstallClrHooks();
    }

    /// <summary>The system's coordinated shutdown (created with the system).</summary>
    public static CoordinatedShutdown Get(ActorSystem system) =>
        system.GetOrAddExtension(static s => new CoordinatedShutdown((ActorSystemImpl)s));

    /// <summary>The phases in the order they run.</summary>
    public IReadOnlyList<string> OrderedPhases { get; }

    /// <summary>The reason of the run in progress or done, or null if shutdown has not started.</summary>
    public ShutdownReason? Reason => Volatile.Read(ref _reason);

    /// <summary>
    /// Adds a task to <paramref name="phase"/>. The token is cancelled when the phase times out. Dispose the result
    /// to remove the task (e.g. when the component it belongs to stopped earlier).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown phase; the message lists the known ones.</exception>
    public IDisposable AddTask(string phase, string taskName, Func<CancellationToken, Task> task)
    {
        if (!_settings.Phases.ContainsKey(phase))
            throw new ArgumentException($"Unknown coordinated-shutdown phase '{phase}'. Known phases: {string.Join(", ", OrderedPhases)}.", nameof(phase));
        var id = Interlocked.Increment(ref _nextTaskId);
        var tasks = _tasks.GetOrAdd(phase, _ => new());
        tasks[id] = (taskName, task);
        return new Registration(() => tasks.TryRemove(id, out _));
    }

    /// <summary>Runs all phases (or those from <paramref name="fromPhase"/> on); idempotent.</summary>
    public Task Run(ShutdownReason reason, string? fromPhase = null)
    {
        lock (_gate)
        {
            if (_run is not null) return _run;
            Volatile.Write(ref _reason, reason);
            _run = Task.Run(() => RunPhases(reason, fromPhase));
            return _run;
        }
    }

    private async Task RunPhases(ShutdownReason reason, string? fromPhase)
    {
        LogInformationStarting(_log, reason.Description);
        var phases = fromPhase is null ? OrderedPhases : OrderedPhases.SkipWhile(p => p != fromPhase).ToList();
        try
        {
            foreach (var phase in phases)
            {
                var settings = _settings.Phases[phase];
                if (!settings.Enabled) continue;
                var tasks = _tasks.TryGetValue(phase, out var registered) ? registered.Values.ToList() : [];
                if (phase == PhaseActorSystemTerminate && _settings.TerminateActorSystem)
                    tasks.Add(("terminate-system", _ => _system.TerminateCore()));
                if (tasks.Count == 0) continue;
                await RunPhase(phase, settings, tasks).ConfigureAwait(false);
            }
        }
        finally
        {
            RemoveClrHooks();
        }
    }

    private async Task RunPhase(string phase, PhaseSettings settings, List<(string Name, Func<CancellationToken, Task> Task)> tasks)
    {
        using var timeout = new CancellationTokenSource();
        var running = tasks.Select(t => Start(t.Name, t.Task, timeout.Token)).ToArray();
        var all = Task.WhenAll(running);
        var deadline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = _system.Scheduler.ScheduleOnce(settings.Timeout, () => deadline.TrySetResult());
        try
        {
            var finished = await Task.WhenAny(all, deadline.Task).ConfigureAwait(false);
            if (finished == all && all.IsCompletedSuccessfully) return;
        }
        finally
        {
            timer.Cancel();
        }
        // Named before the cancellation: a task that returns quietly once cancelled was still not done in time.
        var failed = tasks.Zip(running).Where(p => !p.Second.IsCompletedSuccessfully).Select(p => p.First.Name).ToList();
        timeout.Cancel();
        var error = $"Coordinated shutdown phase '{phase}' did not complete within {settings.Timeout.TotalSeconds:0.###} s or failed; tasks not done: {string.Join(", ", failed)}";
        if (!settings.Recover)
        {
            LogErrorPhaseAborted(_log, phase, string.Join(", ", failed));
            throw new TimeoutException(error);
        }
        LogWarningPhaseIncomplete(_log, phase, settings.Timeout, string.Join(", ", failed));
    }

    private static Task Start(string name, Func<CancellationToken, Task> task, CancellationToken token)
    {
        try
        {
            return task(token);
        }
        catch (Exception e)
        {
            return Task.FromException(new InvalidOperationException($"Shutdown task '{name}' threw: {e.Message}", e));
        }
    }

    private void InstallClrHooks()
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        try
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RunFromHook());
        }
        catch (PlatformNotSupportedException)
        {
            _sigterm = null;
        }
    }

    private void RemoveClrHooks()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _sigterm?.Dispose();
        _sigterm = null;
    }

    private void OnProcessExit(object? sender, EventArgs e) => RunFromHook();

    // The signal handler blocks until the phases ran, so that the process exits only after an orderly shutdown.
    private void RunFromHook() => Run(ShutdownReason.ClrExit).Wait(_settings.TotalTimeout);

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }

    [LoggerMessage(20, LogLevel.Information, "Coordinated shutdown starting: {Reason}")]
    private static partial void LogInformationStarting(ILogger logger, string reason);

    [LoggerMessage(21, LogLevel.Warning, "Coordinated shutdown phase {Phase} did not complete within {Timeout}; continuing. Tasks not done: {Tasks}")]
    private static partial void LogWarningPhaseIncomplete(ILogger logger, string phase, TimeSpan timeout, string tasks);

    [LoggerMessage(22, LogLevel.Error, "Coordinated shutdown aborted in phase {Phase} (recover = off). Tasks not done: {Tasks}")]
    private static partial void LogErrorPhaseAborted(ILogger logger, string phase, string tasks);
}
