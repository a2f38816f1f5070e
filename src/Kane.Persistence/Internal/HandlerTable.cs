namespace Kane.Persistence.Internal;

/// <summary>Typed handlers tried in declaration order; the first whose type and predicate match handles the message.</summary>
internal sealed class HandlerTable
{
    private readonly List<Func<object, bool>> _handlers = [];

    public void Add<T>(Action<T> handler, Predicate<T>? shouldHandle) => _handlers.Add(m =>
    {
        if (m is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
        handler(typed);
        return true;
    });

    public void Add<T>(Func<T, bool> handler) => _handlers.Add(m => m is T typed && handler(typed));

    public bool Handle(object message)
    {
        foreach (var handler in _handlers)
            if (handler(message)) return true;
        return false;
    }
}
