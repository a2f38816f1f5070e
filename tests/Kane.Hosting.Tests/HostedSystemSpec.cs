using Kane.Actor;
using Kane.Pattern;
using Kane.Shutdown;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kane.Hosting.Tests;

public sealed class HostedSystemSpec
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private static IHost Build(Action<KaneConfigurationBuilder>? extra = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddKane("hosted", kane =>
        {
            kane.WithActors((system, registry) => registry.Register<Echo>(system.ActorOf(Props.Create(() => new Echo()), "echo")));
            extra?.Invoke(kane);
        });
        return builder.Build();
    }

    [Fact]
    public async Task The_host_starts_the_system_and_services_get_registered_actors()
    {
        using var host = Build();
        await host.StartAsync();
        var echo = host.Services.GetRequiredService<IRequiredActor<Echo>>().ActorRef;
        Assert.Equal("kane://hosted/user/echo", echo.Path.ToString());
        Assert.Equal(42, await echo.Ask<int>(42, TimeSpan.FromSeconds(5)));
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_runs_coordinated_shutdown_and_terminates_the_system()
    {
        using var host = Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var ran = false;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "t", _ => { ran = true; return Task.CompletedTask; });
        await host.StopAsync();
        Assert.True(ran);
        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal("host stopping", CoordinatedShutdown.Get(system).Reason!.Description);
    }

    [Fact]
    public async Task IConfiguration_keys_configure_the_system_over_AddHocon()
    {
        using var host = Build(
            kane => kane.AddHocon("kane.actor.ask-timeout = 2s\nkane.actor.stash-capacity = 11"),
            [new("kane:actor:stash-capacity", "22")]);
        await host.StartAsync();
        var settings = host.Services.GetRequiredService<ActorSystem>().Settings;
        Assert.Equal(TimeSpan.FromSeconds(2), settings.AskTimeout);
        Assert.Equal(22, settings.StashCapacity);
        await host.StopAsync();
    }

    [Fact]
    public void AddKane_twice_is_rejected()
    {
        var services = new ServiceCollection();
        services.AddKane("a", _ => { });
        Assert.Throws<InvalidOperationException>(() => services.AddKane("b", _ => { }));
    }
}
