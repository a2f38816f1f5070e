using Kane.Dispatch;
using Microsoft.Extensions.Logging;

namespace Kane.Actor;

/// <summary>What an actor can do about itself and its children; valid only on the actor's own thread.</summary>
public interface IActorContext : IActorRefFactory
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed; dead letters when there was none.</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    Props Props { get; }

    ActorSystem System { get; }

    MessageDispatcher Dispatcher { get; }

    /// <summary>A logger whose category is the actor's type and whose scope carries the actor's path.</summary>
    ILogger Log { get; }

    /// <summary>The child with this name, or null.</summary>
    IActorRef? Child(string name);

    IEnumerable<IActorRef> GetChildren();

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="Unbecome"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    void Unbecome();

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Delivers <paramref name="message"/> instead of <see cref="Terminated"/> when <paramref name="subject"/> stops.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    IActorRef Unwatch(IActorRef subject);

    /// <summary>Sends <see cref="ReceiveTimeout"/> after this long without a message; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    TimeSpan? ReceiveTimeout { get; }
}
