namespace Kane.Actors;

/// <summary>The handlers a node runs, by task type. Built before the agents start; read-only afterwards.</summary>
public sealed class TaskHandlerRegistry
{
    private readonly Dictionary<string, ITaskHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="handler"/> for its type.</summary>
    /// <exception cref="ArgumentException">The type is invalid or already has a handler.</exception>
    public TaskHandlerRegistry Register(ITaskHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!TaskTypes.IsValid(handler.TaskType))
            throw new ArgumentException($"Task type '{handler.TaskType}' is invalid: use lowercase letters, digits, '-' or '.', starting with a letter.", nameof(handler));
        if (!_handlers.TryAdd(handler.TaskType, handler))
            throw new ArgumentException($"Task type '{handler.TaskType}' already has a handler ({_handlers[handler.TaskType].GetType().Name}); register one handler per type.", nameof(handler));
        return this;
    }

    public bool TryGet(string taskType, out ITaskHandler handler) => _handlers.TryGetValue(taskType, out handler!);

    /// <summary>The registered task types.</summary>
    public IReadOnlyCollection<string> Types => _handlers.Keys;

    /// <summary>True when this node can run <paramref name="task"/> on an agent with <paramref name="agentCapabilities"/>.</summary>
    public bool CanRun(KaneTask task, IReadOnlyCollection<string> agentCapabilities) =>
        _handlers.TryGetValue(task.Type, out var h)
        && h.Capabilities.All(agentCapabilities.Contains)
        && task.Affinity.AllowsCapabilities(agentCapabilities);
}
