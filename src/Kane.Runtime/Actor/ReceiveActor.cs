using System.Runtime.CompilerServices;
using Kane.Actor.Internal;

namespace Kane.Actor;

/// <summary>
/// An actor whose behaviour is a list of typed handlers declared in its constructor (<c>Receive&lt;T&gt;</c>); the first
/// handler whose type and predicate match handles the message. <see cref="Become(Action)"/> swaps the list.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    // The handlers while the constructor declares them: nothing yet (NoneDeclared), one Handler, or an array with a
    // null tail; null once sealed on the first message. Sealed, one handler is kept bare and several as an exact
    // array: most actors declare one handler, and an idle actor then keeps no array and no holder object.
    private static readonly Handler?[] NoneDeclared = [];
    private object? _building = NoneDeclared;
    private object _initial = Array.Empty<Handler>();

    protected sealed override bool Receive(object message)
    {
        if (_building is not null) Seal();
        var initial = _initial;
        return initial.GetType() == typeof(Handler[])
            ? Handle(Unsafe.As<Handler[]>(initial), message)
            : Unsafe.As<Handler>(initial).TryHandle(message);
    }

    private void Seal()
    {
        _initial = _building is Handler single ? single : Sealed(Unsafe.As<Handler?[]>(_building!));
        _building = null;
    }

    private static bool Handle(Handler[] handlers, object message)
    {
        foreach (var handler in handlers)
            if (handler.TryHandle(message)) return true;
        return false;
    }

    // The declarations fill an array whose unused tail is null (no List and its array per actor); the first one is
    // kept without an array.
    private void Add(Handler handler)
    {
        switch (_building)
        {
            case null:
                throw new InvalidOperationException(
                    "Receive handlers can only be declared in the constructor or inside a Become(() => ...) configuration.");
            case Handler first:
                _building = new Handler?[] { first, handler, null, null };
                return;
        }
        var building = Unsafe.As<Handler?[]>(_building);
        if (building.Length == 0)
        {
            _building = handler;
            return;
        }
        var free = Array.IndexOf(building, null);
        if (free < 0)
        {
            free = building.Length;
            Array.Resize(ref building, free * 2);
            _building = building;
        }
        building[free] = handler;
    }

    private static Handler[] Sealed(Handler?[] building)
    {
        var count = Array.IndexOf(building, null);
        // No slot of the result is null: the array seen without the nullable annotation (the same one when it is full).
        return Unsafe.As<Handler[]>(count < 0 ? building : building.AsSpan(0, count).ToArray());
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that pass <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        Add(new ActionHandler<T>(handler, shouldHandle));

    /// <summary>Handles messages of type <typeparamref name="T"/> that pass <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Add(new ActionHandler<T>(handler, shouldHandle));

    /// <summary>Handles messages of type <typeparamref name="T"/>; the handler returns false to pass a message on.</summary>
    protected void Receive<T>(Func<T, bool> handler) => Add(new FuncHandler<T>(handler));

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously: the mailbox is suspended until the task
    /// completes, so messages are still processed one at a time, and <c>Sender</c>/<c>Self</c> stay valid after
    /// <c>await</c>. A faulted task fails the actor like a thrown exception.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Add(new ActionHandler<T>(m => Cell.RunAsync(() => handler(m)), shouldHandle));

    /// <summary>Handles every message not handled by an earlier declaration.</summary>
    protected void ReceiveAny(Action<object> handler) => Add(new AnyHandler(handler));

    /// <summary>Asynchronous <see cref="ReceiveAny"/>.</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler) =>
        Add(new ActionHandler<object>(m => Cell.RunAsync(() => handler(m)), null));

    /// <summary>Replaces the behaviour with the handlers <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    /// <summary>Pushes the handlers <paramref name="configure"/> declares; <c>Context.Unbecome()</c> pops them.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    private Receive Build(Action configure)
    {
        var saved = _building;
        _building = NoneDeclared;
        Handler[] handlers;
        try
        {
            configure();
        }
        finally
        {
            handlers = _building is Handler single ? [single] : Sealed(Unsafe.As<Handler?[]>(_building!));
            _building = saved;
        }
        return message => Handle(handlers, message);
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> action, Predicate<T>? predicate) : Handler
    {
        // For a sealed message type an exact type comparison decides; `is T` in shared generic code for reference
        // types goes through a runtime cast helper on every message, matched or not.
        private readonly Type? _exact = typeof(T).IsSealed && !typeof(T).IsValueType ? typeof(T) : null;

        public override bool TryHandle(object message)
        {
            T typed;
            if (_exact is { } exact)
            {
                if (message.GetType() != exact) return false;
                typed = Unsafe.As<object, T>(ref message);
            }
            else if (message is T t)
            {
                typed = t;
            }
            else
            {
                return false;
            }
            if (predicate is not null && !predicate(typed)) return false;
            action(typed);
            return true;
        }
    }

    private sealed class AnyHandler(Action<object> action) : Handler
    {
        public override bool TryHandle(object message)
        {
            action(message);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> func) : Handler
    {
        public override bool TryHandle(object message) => message is T typed && func(typed);
    }
}
