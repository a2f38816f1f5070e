using Kane.Configuration;
using Kane.Dispatch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kane.Actor;

/// <summary>
/// The settings of an actor system (<c>kane.actor.*</c>, <c>kane.log-*</c> in reference.conf). Build one with
/// <c>with</c> from <see cref="Default"/>, or from HOCON with <c>ActorSystemSettings.FromConfig</c>.
/// </summary>
public sealed partial record ActorSystemSettings
{
    public static readonly ActorSystemSettings Default = new();

    /// <summary>User messages an actor processes per turn on the default dispatcher.</summary>
    /// <value>30 (<c>kane.actor.default-dispatcher.throughput</c>)</value>
    public int Throughput { get; init; } = 30;

    /// <summary>Messages one actor may stash; beyond it they go to dead letters.</summary>
    /// <value>100000 (<c>kane.actor.stash-capacity</c>)</value>
    public int StashCapacity { get; init; } = 100_000;

    /// <summary>Timeout of an ask that does not give one.</summary>
    /// <value>10 s (<c>kane.actor.ask-timeout</c>)</value>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Dead letters logged before logging is muted; 0 turns dead-letter logging off.</summary>
    /// <value>10 (<c>kane.log-dead-letters</c>)</value>
    public int LogDeadLetters { get; init; } = 10;

    /// <summary>How long dead-letter logging stays muted after <see cref="LogDeadLetters"/> lines.</summary>
    /// <value>5 minutes (<c>kane.log-dead-letters-suspend-duration</c>)</value>
    public TimeSpan LogDeadLettersSuspendDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether messages no behaviour handled are logged at debug level.</summary>
    /// <value>false (<c>kane.actor.debug.unhandled</c>)</value>
    public bool LogUnhandled { get; init; }

    /// <summary>Where log lines go; they are also published on the event stream as <c>LogEvent</c>.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock of the scheduler; tests pass a virtual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Mailbox kinds by id, in addition to the built-in <c>kane.actor.default-mailbox</c>.</summary>
    public IReadOnlyDictionary<string, MailboxType> Mailboxes { get; init; } = new Dictionary<string, MailboxType>();

    /// <summary>Dispatchers by id, in addition to the built-in default, pinned and calling-thread dispatchers.</summary>
    public IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; } = new Dictionary<string, DispatcherSettings>();

    /// <summary>The configuration the settings came from; dispatchers and mailboxes named by config path are read from it.</summary>
    public Configuration.Config Config { get; init; } = Configuration.KaneReference.Config;

    /// <summary>Coordinated shutdown phases and behaviour.</summary>
    public Shutdown.CoordinatedShutdownSettings CoordinatedShutdown { get; init; } = Shutdown.CoordinatedShutdownSettings.Default;

    /// <summary>
    /// Makes the system remotely reachable: set by Kane.Remote's <c>WithRemoting</c>, null for a local-only system.
    /// Given the system name, it returns the provider that owns the transport.
    /// </summary>
    internal Func<string, Internal.IRemoteActorRefProvider>? RemoteProviderFactory { get; init; }

    /// <summary>Checks every value and names the offending key.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key and the bad value.</exception>
    public ActorSystemSettings Validate()
    {
        InvalidSetting.Require(Throughput >= 1, "kane.actor.default-dispatcher.throughput", Throughput, "must be at least 1");
        InvalidSetting.Require(StashCapacity >= 1, "kane.actor.stash-capacity", StashCapacity, "must be at least 1");
        InvalidSetting.Require(AskTimeout > TimeSpan.Zero, "kane.actor.ask-timeout", AskTimeout, "must be positive");
        InvalidSetting.Require(LogDeadLetters >= 0, "kane.log-dead-letters", LogDeadLetters, "must be 0 (off) or more");
        InvalidSetting.Require(LogDeadLettersSuspendDuration >= TimeSpan.Zero, "kane.log-dead-letters-suspend-duration", LogDeadLettersSuspendDuration, "must not be negative");
        foreach (var (id, d) in Dispatchers)
        {
            InvalidSetting.Require(d.Throughput >= 1, $"{id}.throughput", d.Throughput, "must be at least 1");
            InvalidSetting.Require(d.Parallelism >= 0, $"{id}.parallelism", d.Parallelism, "must be 0 (one per processor) or more");
        }
        CoordinatedShutdown.Validate();
        return this;
    }

}

/// <summary>How a configured dispatcher runs its actors.</summary>
public enum DispatcherKind
{
    /// <summary>.NET thread-pool work items.</summary>
    ThreadPool,

    /// <summary>A dedicated thread per actor.</summary>
    Pinned,

    /// <summary>The sender's thread; for unit tests.</summary>
    CallingThread,

    /// <summary>A fixed set of dedicated threads with work stealing (the default dispatcher's kind).</summary>
    ForkJoin,
}

/// <summary>A dispatcher registered under an id for <c>Props.WithDispatcher</c>.</summary>
/// <param name="Parallelism">Worker threads of a <see cref="DispatcherKind.ForkJoin"/> dispatcher; 0 means one per processor.</param>
public sealed record DispatcherSettings(DispatcherKind Kind, int Throughput = 30, int Parallelism = 0);
