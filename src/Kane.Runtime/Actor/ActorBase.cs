using Kane.Actor.Internal;
using Kane.Event;
using Microsoft.Extensions.Logging;

namespace Kane.Actor;

/// <summary>
/// The base of every actor. Instances are created by the runtime from <see cref="Props"/> (never with <c>new</c>
/// directly) and are only ever touched by one thread at a time.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Constructing ?? throw new ActorInitializationException(null,
            $"{GetType().Name} was created with 'new'. Actors are created by the runtime: use ActorOf(Props.Create<{GetType().Name}>(...)).", null);
    }

    /// <summary>The actor's context: children, watch, become, receive timeout.</summary>
    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being processed; dead letters when there was none.</summary>
    protected IActorRef Sender => _cell.Sender;

    internal ActorCell Cell => _cell;

    /// <summary>Handles one message; returns false when it did not.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Called once when the actor starts (and by the default <see cref="PostRestart"/>).</summary>
    protected virtual void PreStart() { }

    /// <summary>Called once after the actor stopped (and by the default <see cref="PreRestart"/>).</summary>
    protected virtual void PostStop() { }

    /// <summary>Called on the failed instance before a restart; by default stops all children and calls PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren()) Context.Stop(child);
        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart; by default calls PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// Called for messages no behaviour handled: an unhandled <see cref="Terminated"/> throws
    /// <see cref="DeathPactException"/>; anything else is published as <see cref="UnhandledMessage"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated t) throw new DeathPactException(t.ActorRef);
        _cell.PublishUnhandled(message);
    }

    /// <summary>How this actor supervises its children; called once per instance.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actor.SupervisorStrategy.DefaultStrategy;

    internal bool AroundReceive(object message) => Receive(message);

    internal void AroundUnhandled(object message) => Unhandled(message);

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop() => PostStop();

    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy AroundSupervisorStrategy() => SupervisorStrategy();

    /// <summary>Shortcut for <see cref="IActorContext.Log"/>.</summary>
    protected ILogger Log => _cell.Log;
}
