using Kane.Actor;
using Kane.Shutdown;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kane.Hosting;

/// <summary>
/// Starts the actor system with the host and stops it with coordinated shutdown when the host stops. If the system
/// terminates on its own (a downed node, a fatal error), the host is stopped and the process exits non-zero.
/// </summary>
internal sealed partial class KaneHostedService(KaneRuntime runtime, ActorRegistry registry, IServiceProvider services,
    IHostApplicationLifetime lifetime, ILogger<KaneHostedService> logger) : IHostedService
{
    /// <summary>Process exit code when the actor system terminated while the host was not stopping.</summary>
    public const int UnexpectedTerminationExitCode = 70;

    /// <summary>The reason coordinated shutdown reports when the host stops.</summary>
    public static readonly ShutdownReason HostStopping = new("host stopping");

    private volatile bool _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var system = runtime.System;
        foreach (var starter in runtime.Builder.Starters) starter(system, registry, services);
        _ = system.WhenTerminated.ContinueWith(_ => OnTerminated(system), TaskScheduler.Default);
        LogInformationStarted(logger, system.Name, system.Address.ToString());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var system = runtime.System;
        try
        {
            await CoordinatedShutdown.Get(system).Run(HostStopping).WaitAsync(cancellationToken).ConfigureAwait(false);
            await system.WhenTerminated.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogWarningStopTimedOut(logger, system.Name);
        }
    }

    private void OnTerminated(ActorSystem system)
    {
        if (_stopping) return;
        LogCriticalTerminated(logger, system.Name, CoordinatedShutdown.Get(system).Reason?.Description ?? "unknown", UnexpectedTerminationExitCode);
        if (Environment.ExitCode == 0) Environment.ExitCode = UnexpectedTerminationExitCode;
        lifetime.StopApplication();
    }

    [LoggerMessage(30, LogLevel.Information, "Actor system {System} started at {Address}")]
    private static partial void LogInformationStarted(ILogger logger, string system, string address);

    [LoggerMessage(31, LogLevel.Warning, "Actor system {System} did not finish coordinated shutdown before the host's shutdown timeout")]
    private static partial void LogWarningStopTimedOut(ILogger logger, string system);

    [LoggerMessage(32, LogLevel.Critical, "Actor system {System} terminated while the host was running (reason: {Reason}); stopping the host with exit code {ExitCode}")]
    private static partial void LogCriticalTerminated(ILogger logger, string system, string reason, int exitCode);
}
