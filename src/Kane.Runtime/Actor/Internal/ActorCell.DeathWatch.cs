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
        var watching = Extras.Watching ??= [];
        if (watching.TryGetValue(subject, out var existing))
        {
            if (!Equals(existing, message))
                throw new InvalidOperationException($"{Self.Path} already watches {subject.Path} with a different termination message; Unwatch it first.");
            return subject;
        }
        watching[subject] = message;
        // A child always tells its parent when it stops (FinishTerminate), so watching a live child needs no Watch
        // message and no watcher set in the child: that saves both for every entity a shard watches.
        if (!IsLiveChild(target)) target.SendSystemMessage(new Watch(target, Self));
        return subject;
    }

    /// <summary>True while <paramref name="target"/> is this actor's child and its death notice is still to come.</summary>
    private bool IsLiveChild(InternalActorRef target) =>
        target is LocalActorRef local && ReferenceEquals(local.Cell.ParentRef, Self) && ReferenceEquals(GetChildByName(local.Path.Name), local);

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject is InternalActorRef target && _extras?.Watching?.Remove(subject) == true && !IsLiveChild(target))
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
        if (RemoveChild(actor)) HandleChildTerminated(actor);
        var watching = _extras?.Watching;
        if (watching is null || !watching.Remove(actor, out var custom) || IsTerminating) return;
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
