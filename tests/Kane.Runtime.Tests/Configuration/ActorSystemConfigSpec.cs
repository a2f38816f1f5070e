using Kane.Actor;
using Kane.Configuration;
using Kane.Dispatch;
using Kane.Shutdown;

namespace Kane.Runtime.Tests.Configuration;

public sealed class ActorSystemConfigSpec
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "test.conf");

    [Fact]
    public void The_reference_defaults_bind_to_the_default_settings()
    {
        var settings = ActorSystemSettings.FromConfig(Config.Empty);
        var defaults = ActorSystemSettings.Default;
        Assert.Equal(defaults.Throughput, settings.Throughput);
        Assert.Equal(defaults.StashCapacity, settings.StashCapacity);
        Assert.Equal(defaults.AskTimeout, settings.AskTimeout);
        Assert.Equal(defaults.LogDeadLetters, settings.LogDeadLetters);
        Assert.Equal(defaults.LogDeadLettersSuspendDuration, settings.LogDeadLettersSuspendDuration);
        Assert.Equal(defaults.LogUnhandled, settings.LogUnhandled);
        var phases = settings.CoordinatedShutdown.Phases;
        Assert.Equal(CoordinatedShutdownSettings.Default.Phases.Keys.Order(), phases.Keys.Order());
        foreach (var (name, phase) in CoordinatedShutdownSettings.Default.Phases)
        {
            Assert.Equal(phase.Timeout, phases[name].Timeout);
            Assert.Equal(phase.DependsOn, phases[name].DependsOn);
        }
    }

    [Fact]
    public void User_values_override_the_defaults()
    {
        var settings = ActorSystemSettings.FromConfig(Parse("""
            kane.actor.ask-timeout = 250ms
            kane.actor.default-dispatcher.throughput = 5
            kane.log-dead-letters = 0
            kane.coordinated-shutdown.phases.service-stop.timeout = 1s
            """));
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.AskTimeout);
        Assert.Equal(5, settings.Throughput);
        Assert.Equal(0, settings.LogDeadLetters);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.CoordinatedShutdown.Phases["service-stop"].Timeout);
    }

    [Fact]
    public void A_wrongly_typed_value_fails_naming_key_value_and_position()
    {
        var e = Assert.Throws<ConfigurationException>(() => ActorSystemSettings.FromConfig(Parse("kane.actor.default-dispatcher.throughput = fast")));
        Assert.Contains("kane.actor.default-dispatcher.throughput", e.Message);
        Assert.Contains("fast", e.Message);
        Assert.Contains("test.conf:1", e.Message);
    }

    [Fact]
    public void An_out_of_range_value_fails_naming_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => ActorSystemSettings.FromConfig(Parse("kane.actor.stash-capacity = 0")));
        Assert.Contains("kane.actor.stash-capacity", e.Message);
    }

    [Fact]
    public void Dispatchers_and_mailboxes_can_be_defined_by_config_path()
    {
        using var system = ActorSystem.Create("configured", Parse("""
            kane.coordinated-shutdown.run-by-clr-shutdown-hook = off
            app {
              io-dispatcher { type = pinned, throughput = 5 }
              small-mailbox { type = bounded, capacity = 2, overflow = dead-letter }
            }
            """));
        var probe = new TestKit.TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new Kane.Runtime.Tests.Actor.EchoActor())
            .WithDispatcher("app.io-dispatcher").WithMailbox("app.small-mailbox"));
        probe.Send(actor, "configured");
        probe.ExpectMsg("configured");
        Assert.IsType<BoundedMailbox>(((Kane.Actor.Internal.LocalActorRef)actor).Cell.Mailbox);
        Assert.IsType<PinnedDispatcher>(((Kane.Actor.Internal.LocalActorRef)actor).Cell.Dispatcher);
    }

    [Fact]
    public void A_bad_mailbox_section_fails_naming_the_setting()
    {
        using var system = ActorSystem.Create("bad-mailbox", Parse("""
            kane.coordinated-shutdown.run-by-clr-shutdown-hook = off
            app.mailbox { type = bounded, capacity = 10, overflow = explode }
            """));
        var e = Assert.Throws<ArgumentException>(() => system.ActorOf(Props.Empty.WithMailbox("app.mailbox")));
        Assert.Contains("app.mailbox.overflow = explode", e.Message);
    }

    [Fact]
    public void The_embedded_reference_is_the_file_in_the_repository()
    {
        var repoFile = Path.Combine(AppContext.BaseDirectory, "../../../../../hocon/reference.conf");
        Assert.True(File.Exists(repoFile), repoFile);
        Assert.Equal(ConfigurationFactory.ParseFile(repoFile).ToJson(), KaneReference.Config.ToJson());
    }
}
