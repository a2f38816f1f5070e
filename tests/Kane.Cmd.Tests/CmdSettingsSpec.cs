using Kane.Actor;
using Kane.Configuration;
using Kane.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kane.Cmd.Tests;

public sealed class CmdSettingsSpec
{
    [Fact]
    public void The_reference_defaults_match_the_record_defaults()
    {
        Assert.Equal(CmdSettings.Default, CmdSettings.FromConfig(Config.Empty));
        Assert.Equal(9110, CmdSettings.Default.Port);
        Assert.Equal("127.0.0.1", CmdSettings.Default.Host);
    }

    [Fact]
    public void Hocon_overrides_are_read()
    {
        var settings = CmdSettings.FromConfig(ConfigurationFactory.ParseString("kane.cmd { host = 0.0.0.0, port = 9200, access-token = abcdefgh, max-request-bytes = 1KiB, max-connections = 2, request-timeout = 3s }"));
        Assert.Equal(new CmdSettings { Host = "0.0.0.0", Port = 9200, AccessToken = "abcdefgh", MaxRequestBytes = 1024, MaxConnections = 2, RequestTimeout = TimeSpan.FromSeconds(3) }, settings);
        Assert.False(settings.IsLoopback);
    }

    [Theory]
    [InlineData("port = 70000", "kane.cmd.port")]
    [InlineData("max-request-bytes = 10b", "kane.cmd.max-request-bytes")]
    [InlineData("max-connections = 0", "kane.cmd.max-connections")]
    [InlineData("request-timeout = 0s", "kane.cmd.request-timeout")]
    [InlineData("access-token = short", "kane.cmd.access-token")]
    public void Out_of_range_values_name_the_key(string hocon, string key)
    {
        var e = Assert.Throws<ArgumentException>(() => CmdSettings.FromConfig(ConfigurationFactory.ParseString("kane.cmd { " + hocon + " }")));
        Assert.StartsWith($"Invalid setting {key} = ", e.Message);
        Assert.DoesNotContain("short", e.Message);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_start_with_the_key_to_change()
    {
        await using var first = new TestNode();
        using var system = ActorSystem.Create("second");
        var e = Assert.Throws<InvalidOperationException>(() => KaneCmd.Get(system).Start(CmdSettings.Default with { Port = first.Port }));
        Assert.Contains("kane.cmd.port", e.Message);
    }

    [Fact]
    public async Task WithKaneCmd_starts_the_endpoint_with_the_host_and_registers_palettes_first()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKane("hostedcmd", kane => kane.WithKaneCmd("127.0.0.1", 0,
            cmd => cmd.RegisterPalette(new CommandPalette("extra", "Registered by the host."))));
        using var host = builder.Build();
        await host.StartAsync();
        var cmd = KaneCmd.Get(host.Services.GetRequiredService<ActorSystem>());
        var palettes = await new KaneCmdClient("127.0.0.1", cmd.EndPoint!.Port).DescribeAsync();
        Assert.Equal(["actor", "extra"], palettes.Select(p => p.Name));
        await host.StopAsync();
        Assert.Null(cmd.EndPoint);
    }
}
