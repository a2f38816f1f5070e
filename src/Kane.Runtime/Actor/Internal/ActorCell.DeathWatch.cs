namespace Kane.Actor.Internal;

internal sealed partial class ActorCell
{
    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchCore(subject, message);
    }

    private IActorRef WatchCore(IActorRef subject, object? message)
    {
        if (subject is not InternalActorRef target || target.Equals(Self)) return subject;
        // A child always tells its parent when it stops (FinishTerminate), so watching a live child needs no Watch
        // message, no watcher set in the child and no entry here: the child cell keeps what its parent wants on its
        // death. That saves all three for every entity a shard watches.
        if (target is LocalActorRef { Cell: var child } && IsLiveChild(child))
        {
            var wanted = message ?? PlainWatch;
            if (child._parentWatch is { } existing)
            {
                if (!Equals(existing, wanted))
                    throw new InvalidOperationException($"{Self.Path} already watches {subject.Path} with a different termination message; Unwatch it first.");
                return subject;
            }
            child._parentWatch = wanted;
            return subject;
        }
        var watching = Extras.Watching ??= [];
        if (watching.TryGetValue(subject, out var existingMessage))
        {
            if (!Equals(existingMessage, message))
                throw new InvalidOperationException($"{Self.Path} already watches {subject.Path} with a different termination message; Unwatch it first.");
            return subject;
        }
        watching[subject] = message;
        target.SendSystemMessage(new Watch(target, Self));
        return subject;
    }

    /// <summary>What <see cref="_parentWatch"/> holds for a watch without a custom termination message.</summary>
    private static readonly object PlainWatch = new();

    // Written and read by the parent's thread only: how the parent watches this child (null: not at all; PlainWatch:
    // with a Terminated; else its custom message), kept in the child so that a parent of many children keeps no map.
    private object? _parentWatch;

    // Set by the parent's thread once it took this child's death notice (the child left the parent's registry).
    private bool _leftParent;

    /// <summary>True while <paramref name="child"/> is this actor's child and its death notice is still to come.</summary>
    private bool IsLiveChild(ActorCell child) => ReferenceEquals(child._parent, Self) && !child._leftParent;

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject is LocalActorRef { Cell: var child } && IsLiveChild(child))
            child._parentWatch = null;
        else if (subject is InternalActorRef target && _extras?.Watching?.Remove(subject) == true)
            target.SendSystemMessage(new Unwatch(target, Self));
        _extras?.TerminatedQueued?.Remove(subject);
        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        var watcheeIsSelf = watch.Watchee.Equals(Self);
        if (watcheeIsSelf && !watch.Watcher.Equals(Self))
        {
            if (IsTerminating)
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true, addressTerminated: false));
            else
                (Extras.WatchedBy ??= []).Add(watch.Watcher);
        }
        else if (!watcheeIsSelf && watch.Watcher.Equals(Self))
        {
            WatchCore(watch.Watchee, null);
        }
    }

    private void HandleUnwatch(Unwatch unwatch)
    {
        if (unwatch.Watchee.Equals(Self)) _extras?.WatchedBy?.Remove(unwatch.Watcher);
        else if (unwatch.Watcher.Equals(Self)) Unwatch(unwatch.Watchee);
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        object? custom;
        if (actor is LocalActorRef { Cell: var child } && IsLiveChild(child))
        {
            child._leftParent = true;
            custom = child._parentWatch;
            child._parentWatch = null;
            if (RemoveChild(actor)) HandleChildTerminated(actor);
            if (custom is null || IsTerminating) return;
            if (ReferenceEquals(custom, PlainWatch)) custom = null;
        }
        else
        {
            if (RemoveChild(actor)) HandleChildTerminated(actor);
            var watching = _extras?.Watching;
            if (watching is null || !watching.Remove(actor, out custom) || IsTerminating) return;
        }
        // Delivered through the mailbox so that it arrives after messages the dead actor sent before it stopped.
        if (custom is not null)
        {
            Self.Tell(custom, actor);
            return;
        }
        var terminated = new Terminated(actor, notification.ExistenceConfirmed, notification.AddressTerminated);
        (Extras.TerminatedQueued ??= [])[actor] = terminated;
        Self.Tell(new TerminatedNotice(terminated), actor);
    }

    /// <summary>The cell's own notice of a watched actor's death, told apart from a Terminated someone forwarded.</summary>
    private sealed record TerminatedNotice(Terminated Terminated) : IAutoReceivedMessage;

    private void ReceivedTerminated(Terminated terminated)
    {
        // A Terminated for an actor that was unwatched after the notification was queued is dropped, as documented.
        if (_extras?.TerminatedQueued?.Remove(terminated.ActorRef) != true) return;
        ReceiveMessage(terminated);
    }

    private void TellWatchersWeDied()
    {
        var watchers = _extras?.WatchedBy;
        if (watchers is null) return;
        foreach (var watcher in watchers)
            if (watcher is InternalActorRef w && !w.Equals(_parent))
                w.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true, addressTerminated: false));
        watchers.Clear();
    }

    private void UnwatchWatchedActors()
    {
        var watching = _extras?.Watching;
        if (watching is null) return;
        foreach (var subject in watching.Keys)
            if (subject is InternalActorRef target) target.SendSystemMessage(new Unwatch(target, Self));
        watching.Clear();
        _extras!.TerminatedQueued?.Clear();
    }
}
