using Kane.Event;
using Kane.Scheduling;
using Microsoft.Extensions.Logging;

namespace Kane.Actor;

/// <summary>
/// A hierarchy of actors with its shared machinery (dispatchers, scheduler, event stream, dead letters). Top-level
/// actors live under <c>/user</c>; the runtime's own under <c>/system</c>.
/// </summary>
public abstract class ActorSystem : IActorRefFactory, IDisposable
{
    /// <summary>The default system name, as in <c>kane://kane/user/a</c>.</summary>
    public const string DefaultName = "kane";

    private protected ActorSystem() { }

    /// <summary>Starts a system.</summary>
    /// <exception cref="ArgumentException">The name or a setting is invalid; the message says which and why.</exception>
    public static ActorSystem Create(string name = DefaultName, ActorSystemSettings? settings = null) =>
        new Internal.ActorSystemImpl(name, (settings ?? ActorSystemSettings.Default).Validate());

    /// <summary>Starts a system configured by HOCON: <paramref name="config"/> over Kane's reference defaults.</summary>
    /// <exception cref="Configuration.ConfigurationException">A setting has the wrong type; the message names key and position.</exception>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the key.</exception>
    public static ActorSystem Create(string name, Configuration.Config config) => Create(name, ActorSystemSettings.FromConfig(config));

    public abstract string Name { get; }

    public abstract ActorSystemSettings Settings { get; }

    /// <summary>The address of this system, e.g. <c>kane://kane</c>.</summary>
    public abstract Address Address { get; }

    public abstract IActorRef DeadLetters { get; }

    public abstract EventStream EventStream { get; }

    public abstract IScheduler Scheduler { get; }

    public abstract ILoggerFactory LoggerFactory { get; }

    /// <summary>The system's own logger (category <c>Kane.ActorSystem</c>); lines also reach the event stream.</summary>
    public abstract ILogger Log { get; }

    public abstract DateTimeOffset StartTime { get; }

    public TimeSpan Uptime => Scheduler.Now - StartTime;

    /// <summary>Completes when every actor has stopped and the system's threads are released.</summary>
    public abstract Task WhenTerminated { get; }

    /// <summary>Stops all actors (user actors first, then system actors); returns <see cref="WhenTerminated"/>.</summary>
    public abstract Task Terminate();

    public abstract IActorRef ActorOf(Props props, string? name = null);

    public abstract ActorSelection ActorSelection(string path);

    public abstract void Stop(IActorRef actor);

    /// <summary>Returns the extension of type <typeparamref name="T"/>, creating it once per system.</summary>
    public abstract T GetOrAddExtension<T>(Func<ActorSystem, T> factory) where T : class;

    /// <summary>Terminates and waits (up to the coordinated shutdown's total timeout).</summary>
    public void Dispose()
    {
        Terminate().Wait(Settings.CoordinatedShutdown.TotalTimeout);
        GC.SuppressFinalize(this);
    }

    public override string ToString() => Address.ToString();
}
