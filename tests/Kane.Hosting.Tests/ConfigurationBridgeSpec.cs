using Kane.Actor;
using Kane.Configuration;
using Kane.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kane.Hosting.Tests;

public sealed class ConfigurationBridgeSpec : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kane-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void A_HOCON_file_is_an_IConfiguration_source()
    {
        File.WriteAllText(_file, "kane.actor.ask-timeout = 3s\nkane.actor { stash-capacity = 50 }");
        var configuration = new ConfigurationBuilder().AddHoconFile(_file).Build();
        Assert.Equal("3s", configuration["kane:actor:ask-timeout"]);
        Assert.Equal("50", configuration["kane:actor:stash-capacity"]);
    }

    [Fact]
    public void Environment_variables_and_command_line_override_the_file_in_the_usual_order()
    {
        File.WriteAllText(_file, "kane.actor.ask-timeout = 3s\nkane.actor.stash-capacity = 50\nkane.log-dead-letters = 7");
        var prefix = $"KANETEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "KANE__ACTOR__ASK_TIMEOUT", "4s");
        Environment.SetEnvironmentVariable(prefix + "KANE__ACTOR__STASH_CAPACITY", "60");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddHoconFile(_file)
                .AddEnvironmentVariables(prefix)
                .AddCommandLine(["--kane:actor:stash-capacity=70"])
                .Build();
            var settings = ActorSystemSettings.FromConfig(ConfigurationBridge.ToConfig(configuration, Config.Empty));
            Assert.Equal(TimeSpan.FromSeconds(4), settings.AskTimeout);
            Assert.Equal(70, settings.StashCapacity);
            Assert.Equal(7, settings.LogDeadLetters);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "KANE__ACTOR__ASK_TIMEOUT", null);
            Environment.SetEnvironmentVariable(prefix + "KANE__ACTOR__STASH_CAPACITY", null);
        }
    }

    [Fact]
    public void Lists_survive_the_round_trip_through_IConfiguration()
    {
        File.WriteAllText(_file, "kane.coordinated-shutdown.phases.service-stop.depends-on = [before-service-unbind, service-requests-done]");
        var configuration = new ConfigurationBuilder().AddHoconFile(_file).Build();
        var settings = ActorSystemSettings.FromConfig(ConfigurationBridge.ToConfig(configuration, Config.Empty));
        Assert.Equal(["before-service-unbind", "service-requests-done"], settings.CoordinatedShutdown.Phases["service-stop"].DependsOn);
    }

    [Fact]
    public void A_bad_override_fails_naming_the_key_and_its_source()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("kane:actor:ask-timeout", "soon")]).Build();
        var e = Assert.Throws<ConfigurationException>(() => ActorSystemSettings.FromConfig(ConfigurationBridge.ToConfig(configuration, Config.Empty)));
        Assert.Contains("kane.actor.ask-timeout", e.Message);
        Assert.Contains("soon", e.Message);
        Assert.Contains("IConfiguration", e.Message);
    }

    [Fact]
    public void A_HOCON_file_may_refer_to_the_defaults()
    {
        File.WriteAllText(_file, "app.timeout = ${kane.actor.ask-timeout}\nkane.actor.ask-timeout = 1s");
        var configuration = new ConfigurationBuilder().AddHoconFile(_file).Build();
        // The substitution sees the file's own final value first, as one document would.
        Assert.Equal("1s", configuration["app:timeout"]);
        File.WriteAllText(_file, "app.timeout = ${kane.actor.ask-timeout}");
        Assert.Equal("10s", new ConfigurationBuilder().AddHoconFile(_file).Build()["app:timeout"]);
    }

    [Fact]
    public void A_missing_required_file_fails_clearly()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile("/no/such/kane.conf").Build());
        Assert.Contains("/no/such/kane.conf", e.Message);
        new ConfigurationBuilder().AddHoconFile("/no/such/kane.conf", optional: true).Build();
    }
}
