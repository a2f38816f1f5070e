using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Dispatch;

namespace Kane.TestKit;

/// <summary>
/// A reference to an actor that runs on the calling thread: when <c>Tell</c> returns the message has been
/// processed, and <see cref="UnderlyingActor"/> exposes the instance for assertions on its state.
/// </summary>
public sealed class TestActorRef<T> : IActorRef where T : ActorBase
{
    private readonly LocalActorRef _ref;

    internal TestActorRef(ActorSystem system, Props props, string? name)
    {
        var created = system.ActorOf(props.WithDispatcher(BuiltInDispatchers.CallingThread), name);
        _ref = (LocalActorRef)created;
    }

    /// <summary>The current actor instance (a new one after a restart).</summary>
    public T UnderlyingActor => _ref.Cell.Actor as T
        ?? throw new InvalidOperationException($"{_ref.Path} has no running instance of {typeof(T).Name} (it stopped or failed to start).");

    public ActorPath Path => _ref.Path;

    /// <summary>The plain reference, for asking, watching or passing along.</summary>
    public IActorRef Ref => _ref;

    public void Tell(object message, IActorRef? sender) => _ref.Tell(message, sender);

    /// <summary>Sends with no sender; processed before this returns.</summary>
    public void Tell(object message) => _ref.Tell(message, ActorRefs.NoSender);

    public bool IsTerminated => _ref.IsTerminated;

    public bool Equals(IActorRef? other) => _ref.Equals(other);

    public int CompareTo(IActorRef? other) => _ref.CompareTo(other);

    public override bool Equals(object? obj) => _ref.Equals(obj);

    public override int GetHashCode() => _ref.GetHashCode();

    public override string ToString() => _ref.ToString();

}
