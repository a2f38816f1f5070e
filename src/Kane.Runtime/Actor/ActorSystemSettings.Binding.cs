using Kane.Configuration;
using Kane.Dispatch;
using Kane.Shutdown;

namespace Kane.Actor;

public sealed partial record ActorSystemSettings
{
    /// <summary>
    /// Reads the <c>kane.*</c> settings of <paramref name="config"/> over the reference defaults. A value of the wrong
    /// type fails with the key, the value and its file position; a value out of range fails naming the key.
    /// </summary>
    /// <remarks>
    /// <paramref name="config"/> is already resolved, so its substitutions could not see the defaults. For a
    /// file that refers to them (<c>my.timeout = ${kane.actor.ask-timeout}</c>, <c>kane.x += ...</c>), load it with
    /// <see cref="KaneReference.Load"/> (or <see cref="KaneReference.Parse"/> for text) and pass the result here.
    /// </remarks>
    /// <exception cref="ConfigurationException">A value has the wrong type.</exception>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public static ActorSystemSettings FromConfig(Config config)
    {
        var c = KaneReference.WithDefaults(config);
        return new ActorSystemSettings
        {
            Config = c,
            Throughput = c.GetInt("kane.actor.default-dispatcher.throughput"),
            StashCapacity = c.GetInt("kane.actor.stash-capacity"),
            AskTimeout = c.GetTimeSpan("kane.actor.ask-timeout"),
            LogDeadLetters = c.GetInt("kane.log-dead-letters"),
            LogDeadLettersSuspendDuration = c.GetTimeSpan("kane.log-dead-letters-suspend-duration"),
            LogUnhandled = c.GetBoolean("kane.actor.debug.unhandled"),
            CoordinatedShutdown = CoordinatedShutdownSettings.FromConfig(c.GetConfig("kane.coordinated-shutdown")),
        }.Validate();
    }

    /// <summary>The dispatcher configured at config path <paramref name="id"/>, if there is a section with a type.</summary>
    internal DispatcherSettings? ConfiguredDispatcher(string id)
    {
        if (!Config.HasPath(id + ".type")) return null;
        var section = Config.GetConfig(id);
        var type = section.GetString("type");
        var kind = type switch
        {
            "fork-join" => DispatcherKind.ForkJoin,
            "thread-pool" => DispatcherKind.ThreadPool,
            "pinned" => DispatcherKind.Pinned,
            "calling-thread" => DispatcherKind.CallingThread,
            _ => throw new ArgumentException($"Invalid setting {id}.type = {type}: use fork-join, thread-pool, pinned or calling-thread."),
        };
        var throughput = section.GetInt("throughput", Throughput);
        InvalidSetting.Require(throughput >= 1, id + ".throughput", throughput, "must be at least 1");
        var parallelism = section.GetInt("parallelism", 0);
        InvalidSetting.Require(parallelism >= 0, id + ".parallelism", parallelism, "must be 0 (one per processor) or more");
        return new DispatcherSettings(kind, throughput, parallelism);
    }

    /// <summary>The mailbox configured at config path <paramref name="id"/>, if there is a section with a type.</summary>
    internal MailboxType? ConfiguredMailbox(string id)
    {
        if (!Config.HasPath(id + ".type")) return null;
        var section = Config.GetConfig(id);
        var type = section.GetString("type");
        switch (type)
        {
            case "unbounded":
                return UnboundedMailboxType.Instance;
            case "bounded":
                var capacity = section.GetInt("capacity");
                InvalidSetting.Require(capacity >= 1, id + ".capacity", capacity, "must be at least 1");
                var overflow = section.GetString("overflow", "dead-letter") switch
                {
                    "dead-letter" => MailboxOverflow.DeadLetter,
                    "back-pressure" => MailboxOverflow.BackPressure,
                    var other => throw new ArgumentException($"Invalid setting {id}.overflow = {other}: use dead-letter or back-pressure."),
                };
                var pushTimeout = section.GetTimeSpan("push-timeout", TimeSpan.FromSeconds(10));
                InvalidSetting.Require(pushTimeout >= TimeSpan.Zero, id + ".push-timeout", pushTimeout, "must not be negative");
                return new BoundedMailboxType(capacity, overflow, pushTimeout);
            default:
                throw new ArgumentException($"Invalid setting {id}.type = {type}: use unbounded or bounded.");
        }
    }
}
