using Kane.Configuration;

namespace Kane.Shutdown;

public sealed partial record CoordinatedShutdownSettings
{
    /// <summary>Reads a <c>kane.coordinated-shutdown</c> section.</summary>
    public static CoordinatedShutdownSettings FromConfig(Config section)
    {
        var defaultTimeout = section.GetTimeSpan("default-phase-timeout", TimeSpan.FromSeconds(5));
        var phasesSection = section.GetConfig("phases");
        var phases = new Dictionary<string, PhaseSettings>(StringComparer.Ordinal);
        foreach (var name in phasesSection.Keys)
        {
            var phase = phasesSection.GetConfig($"\"{name}\"");
            phases[name] = new PhaseSettings(
                phase.GetTimeSpan("timeout", defaultTimeout),
                phase.HasPath("depends-on") ? phase.GetStringList("depends-on") : [],
                phase.GetBoolean("recover", true),
                phase.GetBoolean("enabled", true));
        }
        var settings = new CoordinatedShutdownSettings
        {
            TerminateActorSystem = section.GetBoolean("terminate-actor-system", true),
            RunByActorSystemTerminate = section.GetBoolean("run-by-actor-system-terminate", true),
            RunByClrShutdownHook = section.GetBoolean("run-by-clr-shutdown-hook", true),
            Phases = phases.Count > 0 ? phases : DefaultPhases(),
        };
        settings.Validate();
        return settings;
    }
}
