using Kane.Actor;
using Kane.Configuration;

namespace Kane.Hosting;

/// <summary>
/// Describes the actor system <c>AddKane</c> runs: its HOCON (under IConfiguration's <c>kane</c> keys, so environment
/// variables and command-line switches still override it), settings only code can give, and the actors to start.
/// </summary>
public sealed class KaneConfigurationBuilder
{
    private readonly List<Action<ActorSystem, ActorRegistry, IServiceProvider>> _starters = [];
    private readonly List<Func<ActorSystemSettings, ActorSystemSettings>> _settings = [];

    internal KaneConfigurationBuilder(string systemName) => SystemName = systemName;

    public string SystemName { get; }

    /// <summary>The HOCON added so far (later additions win).</summary>
    public Config Hocon { get; private set; } = Config.Empty;

    internal IReadOnlyList<Action<ActorSystem, ActorRegistry, IServiceProvider>> Starters => _starters;

    /// <summary>Adds HOCON; values added later win over earlier ones, IConfiguration's <c>kane</c> keys over all.</summary>
    public KaneConfigurationBuilder AddHocon(Config config)
    {
        Hocon = config.WithFallback(Hocon);
        return this;
    }

    public KaneConfigurationBuilder AddHocon(string hocon) => AddHocon(ConfigurationFactory.ParseString(hocon, "AddHocon", KaneReference.Config));

    public KaneConfigurationBuilder AddHoconFile(string path) => AddHocon(ConfigurationFactory.ParseFile(path, KaneReference.Config));

    /// <summary>Adjusts settings that have no HOCON form (a priority mailbox's function, a clock for tests).</summary>
    public KaneConfigurationBuilder ConfigureSettings(Func<ActorSystemSettings, ActorSystemSettings> configure)
    {
        _settings.Add(configure);
        return this;
    }

    /// <summary>Starts actors when the host starts; register the ones services need in the registry.</summary>
    public KaneConfigurationBuilder WithActors(Action<ActorSystem, ActorRegistry> starter) => WithActors((s, r, _) => starter(s, r));

    /// <summary>Starts actors when the host starts, with access to the host's services.</summary>
    public KaneConfigurationBuilder WithActors(Action<ActorSystem, ActorRegistry, IServiceProvider> starter)
    {
        _starters.Add(starter);
        return this;
    }

    internal ActorSystemSettings ApplySettings(ActorSystemSettings settings) => _settings.Aggregate(settings, (s, f) => f(s));
}
