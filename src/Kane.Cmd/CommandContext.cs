using System.Globalization;
using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Cmd.Internal;
using Kane.Cmd.Protocol;

namespace Kane.Cmd;

/// <summary>
/// What a handler gets: the node's actor system, the parsed arguments, whether the client asked for JSON, a token
/// that fires when the client hangs up, and the writers for reply frames. The writers may be called from any thread;
/// after the client hung up they throw <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class CommandContext
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly CommandDefinition _definition;
    private readonly ReplyWriter _writer;

    internal CommandContext(ActorSystem system, CommandDefinition definition, IReadOnlyDictionary<string, string> values, bool json, ReplyWriter writer, CancellationToken cancelled)
    {
        System = system;
        _definition = definition;
        _values = values;
        Json = json;
        _writer = writer;
        Cancelled = cancelled;
    }

    public ActorSystem System { get; }

    /// <summary>The client asked for JSON (<c>--json</c>): write <see cref="WriteJsonAsync"/> frames rather than lines.</summary>
    public bool Json { get; }

    /// <summary>Fires when the client hangs up (Ctrl-C on a streaming command) or the endpoint stops.</summary>
    public CancellationToken Cancelled { get; }

    /// <summary>Completes (without throwing) when <see cref="Cancelled"/> fires; a streaming handler awaits it last.</summary>
    public Task WhenCancelled()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cancelled.Register(() => done.TrySetResult());
        return done.Task;
    }

    /// <summary>
    /// An actor ref whose <typeparamref name="T"/> messages this handler reads with <see cref="CommandInbox{T}.ReadAllAsync"/>,
    /// e.g. <c>cluster tail</c> subscribes it to membership events. At most <paramref name="capacity"/> unread
    /// messages wait; more go to dead letters. It stops when the command ends.
    /// </summary>
    public CommandInbox<T> CreateInbox<T>(int capacity = 1024) => new(System, capacity, Cancelled);

    /// <summary>The value of an argument, its default when not given, or null.</summary>
    /// <exception cref="ArgumentException">The command declares no such argument (a handler bug).</exception>
    public string? Get(string name)
    {
        if (!_definition.Arguments.Any(a => a.Name == name))
            throw new ArgumentException($"Command '{_definition.Name}' declares no argument '{name}'.", nameof(name));
        return _values.GetValueOrDefault(name);
    }

    /// <summary>The argument as an integer, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="CommandUsageException">The value is not an integer.</exception>
    public int GetInt(string name, int fallback = 0)
    {
        var text = Get(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CommandUsageException($"--{name} must be a whole number, not '{text}'.");
    }

    /// <summary>True when a flag argument was given.</summary>
    public bool GetFlag(string name) => Get(name) is { } text && !string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sends one line of text to the client.</summary>
    public ValueTask WriteLineAsync(string text) => _writer.WriteAsync(CmdFrame.Line(text), Cancelled);

    /// <summary>Sends one JSON value to the client (printed as one line of JSON with <c>--json</c>).</summary>
    public ValueTask WriteJsonAsync(JsonNode? data) => _writer.WriteAsync(CmdFrame.Json(data), Cancelled);
}
