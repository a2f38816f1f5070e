using System.Collections.Concurrent;
using Kane.Actor;

namespace Kane.Hosting;

/// <summary>
/// Top-level actors by key type, for dependency injection: register them when the system starts, ask for them in
/// services with <see cref="IRequiredActor{TKey}"/>. The key is usually the actor's own type or a marker class.
/// </summary>
public sealed class ActorRegistry
{
    private readonly ConcurrentDictionary<Type, TaskCompletionSource<IActorRef>> _entries = new();

    /// <summary>Registers <paramref name="actor"/> under <typeparamref name="TKey"/>.</summary>
    /// <exception cref="InvalidOperationException">Something else is registered under that key already.</exception>
    public void Register<TKey>(IActorRef actor)
    {
        if (!TryRegister<TKey>(actor))
            throw new InvalidOperationException($"An actor is already registered under {typeof(TKey).Name}: {Get<TKey>()}. Each key names one actor; use another key type.");
    }

    /// <summary>Registers unless the key is taken; returns whether it registered.</summary>
    public bool TryRegister<TKey>(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Slot(typeof(TKey)).TrySetResult(actor);
    }

    /// <summary>The actor registered under <typeparamref name="TKey"/>.</summary>
    /// <exception cref="KeyNotFoundException">Nothing is registered; the message lists what is.</exception>
    public IActorRef Get<TKey>() => TryGet<TKey>(out var actor)
        ? actor
        : throw new KeyNotFoundException($"No actor is registered under {typeof(TKey).Name}. Registered: {RegisteredList()}. Register it in AddKane(...).WithActors(...).");

    public bool TryGet<TKey>(out IActorRef actor)
    {
        if (_entries.TryGetValue(typeof(TKey), out var slot) && slot.Task.IsCompletedSuccessfully)
        {
            actor = slot.Task.Result;
            return true;
        }
        actor = null!;
        return false;
    }

    /// <summary>Waits until an actor is registered under <typeparamref name="TKey"/>.</summary>
    public Task<IActorRef> GetAsync<TKey>(CancellationToken cancellationToken = default) =>
        Slot(typeof(TKey)).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource<IActorRef> Slot(Type key) =>
        _entries.GetOrAdd(key, _ => new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously));

    private string RegisteredList()
    {
        var names = _entries.Where(e => e.Value.Task.IsCompletedSuccessfully).Select(e => e.Key.Name).Order().ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}

/// <summary>An actor from the <see cref="ActorRegistry"/>, injectable into services.</summary>
public interface IRequiredActor<TKey>
{
    /// <summary>The actor; throws if it has not been registered yet (use <see cref="GetAsync"/> during startup).</summary>
    IActorRef ActorRef { get; }

    Task<IActorRef> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed class RequiredActor<TKey>(ActorRegistry registry) : IRequiredActor<TKey>
{
    public IActorRef ActorRef => registry.Get<TKey>();

    public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => registry.GetAsync<TKey>(cancellationToken);
}
