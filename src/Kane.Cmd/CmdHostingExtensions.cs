using Kane.Hosting;

namespace Kane.Cmd;

/// <summary><c>AddKane(..., k => k.WithKaneCmd(palettes: cmd => cmd.RegisterPalette(MyPalette.Create())))</c>.</summary>
public static class CmdHostingExtensions
{
    /// <summary>
    /// Starts the management endpoint when the host starts, with the <c>kane.cmd</c> HOCON section (and
    /// IConfiguration's <c>kane:cmd:*</c> keys) adjusted by <paramref name="configure"/>; <paramref name="palettes"/>
    /// registers palettes before the endpoint opens.
    /// </summary>
    /// <exception cref="ArgumentException">At start: a setting is out of range; the message names the key.</exception>
    /// <exception cref="InvalidOperationException">At start: the address cannot be bound.</exception>
    public static KaneConfigurationBuilder WithKaneCmd(this KaneConfigurationBuilder builder, Func<CmdSettings, CmdSettings>? configure = null, Action<KaneCmd>? palettes = null) =>
        builder.WithActors((system, _) =>
        {
            var settings = CmdSettings.FromConfig(system.Settings.Config);
            if (configure is not null) settings = configure(settings);
            var cmd = KaneCmd.Get(system);
            palettes?.Invoke(cmd);
            cmd.Start(settings);
        });

    /// <summary>As <see cref="WithKaneCmd(KaneConfigurationBuilder, Func{CmdSettings, CmdSettings}?, Action{KaneCmd}?)"/>, on <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static KaneConfigurationBuilder WithKaneCmd(this KaneConfigurationBuilder builder, string host, int port, Action<KaneCmd>? palettes = null) =>
        builder.WithKaneCmd(s => s with { Host = host, Port = port }, palettes);
}
