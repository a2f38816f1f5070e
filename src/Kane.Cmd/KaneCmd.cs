using System.Net;
using Kane.Actor;
using Kane.Cmd.Internal;
using Kane.Cmd.Palettes;
using Kane.Cmd.Protocol;
using Kane.Shutdown;
using Microsoft.Extensions.Logging;

namespace Kane.Cmd;

/// <summary>
/// The management endpoint of one actor system (like Petabridge.Cmd.Host): <c>KaneCmd.Get(system)</c>, register
/// palettes, then <see cref="Start()"/>. It serves the built-in <c>actor</c> palette and every palette registered,
/// before or after the start, and stops with the system (coordinated shutdown's service-unbind phase).
/// </summary>
public sealed class KaneCmd
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CommandPalette> _palettes = new(StringComparer.Ordinal);
    private readonly ILogger _log;
    private CmdServer? _server;

    private KaneCmd(ActorSystem system)
    {
        System = system;
        _log = system.LoggerFactory.CreateLogger("Kane.Cmd");
        RegisterPalette(ActorPalette.Create());
    }

    /// <summary>The system's endpoint (created on first use, not started).</summary>
    public static KaneCmd Get(ActorSystem system) => system.GetOrAddExtension(static s => new KaneCmd(s));

    public ActorSystem System { get; }

    /// <summary>The settings the endpoint was started with; null before <see cref="Start()"/>.</summary>
    public CmdSettings? Settings { get; private set; }

    /// <summary>The address bound (with the actual port when 0 was asked for); null before <see cref="Start()"/>.</summary>
    public IPEndPoint? EndPoint => _server?.EndPoint;

    /// <summary>The palettes served, by name.</summary>
    public IReadOnlyList<CommandPalette> Palettes
    {
        get
        {
            lock (_gate) return _palettes.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Serves <paramref name="palette"/> from now on; returns this endpoint for chaining.</summary>
    /// <exception cref="ArgumentException">A palette with that name is registered already.</exception>
    public KaneCmd RegisterPalette(CommandPalette palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        lock (_gate)
        {
            if (!_palettes.TryAdd(palette.Name, palette))
                throw new ArgumentException($"A palette named '{palette.Name}' is registered already.", nameof(palette));
        }
        return this;
    }

    /// <summary>Starts serving with the <c>kane.cmd</c> section of the system's configuration.</summary>
    public KaneCmd Start() => Start(CmdSettings.FromConfig(System.Settings.Config));

    /// <summary>Starts serving with <paramref name="settings"/>; a second call with equal settings does nothing.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the key.</exception>
    /// <exception cref="InvalidOperationException">The address cannot be bound, or the endpoint runs with other settings.</exception>
    public KaneCmd Start(CmdSettings settings)
    {
        settings.Validate();
        lock (_gate)
        {
            if (_server is not null)
            {
                if (settings == Settings) return this;
                throw new InvalidOperationException($"The management endpoint of {System.Address} already runs on {EndPoint}; stop it before starting it with other settings.");
            }
            var server = new CmdServer(this, settings, _log);
            server.Start();
            _server = server;
            Settings = settings;
        }
        CoordinatedShutdown.Get(System).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "kane-cmd-stop", _ => StopAsync());
        _ = System.WhenTerminated.ContinueWith(_ => StopAsync(), TaskScheduler.Default);
        return this;
    }

    /// <summary>Stops listening and cancels running commands (streaming ones get a <c>stopping</c> error).</summary>
    public async Task StopAsync()
    {
        CmdServer? server;
        lock (_gate)
        {
            server = _server;
            _server = null;
            Settings = null;
        }
        if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
    }

    internal (CommandPalette? Palette, CommandDefinition? Command, string? Problem) Find(string? paletteName, string? commandName)
    {
        CommandPalette? palette;
        lock (_gate) palette = paletteName is null ? null : _palettes.GetValueOrDefault(paletteName);
        if (palette is null)
            return (null, null, $"This node has no palette '{paletteName}'. Palettes: {string.Join(", ", Palettes.Select(p => p.Name))}.");
        var command = commandName is null ? null : palette.Find(commandName);
        return command is null
            ? (palette, null, $"Palette '{palette.Name}' has no command '{commandName}'. Commands: {string.Join(", ", palette.Commands.Select(c => c.Name))}.")
            : (palette, command, null);
    }

    internal List<PaletteInfo> Describe() =>
        Palettes.Select(p => new PaletteInfo(p.Name, p.Description, p.Commands.Select(c => new CommandInfo(c.Name, c.Description, c.ChangesCluster, c.Streaming,
            c.Arguments.Select(a => new ArgumentInfo(a.Name, a.Description, [.. a.Switches], a.Mandatory, a.Default, a.Flag, a.Positional)).ToList())).ToList())).ToList();
}
