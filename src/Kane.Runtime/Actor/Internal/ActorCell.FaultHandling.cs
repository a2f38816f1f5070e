using Kane.Event;

namespace Kane.Actor.Internal;

internal sealed partial class ActorCell
{
    private ActorBase NewActor()
    {
        var previous = t_constructing;
        t_constructing = this;
        try
        {
            var actor = Props.Factory();
            if (actor.Cell != this)
                throw new InvalidOperationException($"The Props factory of {Self.Path} returned an actor that was not created by it; a factory must construct a new instance each time.");
            return actor;
        }
        finally
        {
            t_constructing = previous;
        }
    }

    private void Create()
    {
        try
        {
            var actor = NewActor();
            _actor = actor;
            InjectCollaborators(actor);
            actor.AroundPreStart();
        }
        catch (Exception e)
        {
            throw new ActorInitializationException(Self, $"Exception while creating {Self.Path}: {e.Message}", e);
        }
    }

    private void InjectCollaborators(ActorBase actor)
    {
        if (actor is IWithStash withStash) withStash.Stash = Extras.Stash ??= new StashImpl(this, _system.Settings.StashCapacity);
        if (actor is IWithTimers withTimers) withTimers.Timers = Extras.Timers ??= new TimerScheduler(this);
    }

    /// <summary>The actor threw: suspend it and its children, and let the supervisor decide.</summary>
    internal void HandleInvokeFailure(Exception cause)
    {
        if (IsTerminating)
        {
            _system.Logging.LogFailureWhileStopping(Self, cause);
            return;
        }
        if ((_state & StateFailed) != 0) return;
        _state |= StateFailed;
        Mailbox.Suspend();
        SuspendChildren();
        _parent.SendSystemMessage(new Failed(Self, cause, Self.Uid));
    }

    /// <summary>Supervisor side: a child failed.</summary>
    private void HandleFailed(Failed failed)
    {
        if (failed.Child is not LocalActorRef child || GetChildByName(child.Name) is not { } known || known.Uid != failed.Uid)
            return;
        if (_extras?.StoppingChildren?.Contains(child) == true) return;
        var strategy = Extras.Strategy ??= Props.SupervisorStrategy ?? _actor?.AroundSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.Decider(failed.Cause);
        if (strategy.LoggingEnabled) _system.Logging.LogChildFailure(child, failed.Cause, directive);
        if (directive == Directive.Escalate) throw failed.Cause;
        var siblings = strategy is AllForOneStrategy
            ? ChildrenSnapshot().Where(c => _extras?.StoppingChildren?.Contains(c) != true).ToList()
            : (IReadOnlyList<LocalActorRef>)[child];
        strategy.Apply(this, directive, child, failed.Cause, siblings);
    }

    private void FaultSuspend()
    {
        Mailbox.Suspend();
        SuspendChildren();
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_actor is null && causedByFailure is not null)
        {
            // Resuming an actor whose creation failed would leave it without an instance: re-create instead.
            FaultRecreate(causedByFailure);
            return;
        }
        if (causedByFailure is not null) _state &= ~StateFailed;
        Mailbox.Resume();
        ResumeChildren(causedByFailure);
    }

    private void FaultRecreate(Exception cause)
    {
        if (IsTerminating) return;
        var failed = _actor;
        if (failed is not null)
        {
            _extras?.Stash?.UnstashAllForRestart();
            try
            {
                failed.AroundPreRestart(cause, CurrentMessage);
            }
            catch (Exception e)
            {
                _system.Logging.LogHookFailure(Self, "PreRestart", e);
            }
            ClearBehaviourState();
        }
        if (_extras?.StoppingChildren is { Count: > 0 })
        {
            Extras.PendingRestartCause = cause;
            return;
        }
        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _actor = null;
        _state &= ~StateFailed;
        try
        {
            var fresh = NewActor();
            _actor = fresh;
            InjectCollaborators(fresh);
            fresh.AroundPostRestart(cause);
        }
        catch (Exception e)
        {
            Mailbox.Resume();
            HandleInvokeFailure(new ActorInitializationException(Self, $"Exception while restarting {Self.Path}: {e.Message}", e));
            return;
        }
        Mailbox.Resume();
        foreach (var survivor in ChildrenSnapshot()) survivor.SendSystemMessage(new Recreate(cause));
    }

    private void ClearBehaviourState()
    {
        if (_extras is null) return;
        _extras.Behaviors?.Clear();
        _extras.Timers?.CancelAll();
        CancelReceiveTimeout();
        _extras.ReceiveTimeout = null;
        if (_extras.AsyncEnvelope is not null)
        {
            // The suspension taken by an unfinished async handler belongs to the old instance: give it back.
            _extras.AsyncEnvelope = null;
            _extras.AsyncTask = null;
            Mailbox.Resume();
        }
    }

    /// <summary>Stop: children first, then this actor once they are all gone.</summary>
    private void Terminate()
    {
        if (IsTerminating) return;
        _state |= StateTerminating;
        UnwatchWatchedActors();
        ClearBehaviourState();
        Mailbox.Suspend();
        var children = ChildrenSnapshot();
        if (children.Count == 0)
        {
            FinishTerminate();
            return;
        }
        foreach (var child in children)
        {
            (Extras.StoppingChildren ??= []).Add(child);
            child.Stop();
        }
    }

    private void FinishTerminate()
    {
        if ((_state & StateTerminated) != 0) return;
        _state |= StateTerminated;
        var actor = _actor;
        try
        {
            actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            _system.Logging.LogHookFailure(Self, "PostStop", e);
        }
        _extras?.Stash?.DropAll();
        // Before closing: an event published to a closed subscriber would become a dead letter, then a log line,
        // then another event.
        _system.EventStream.Unsubscribe(Self);
        Mailbox.Close();
        Dispatcher.Detach(Mailbox);
        TellWatchersWeDied();
        _parent.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true, addressTerminated: false));
        _actor = null;
        _current = null;
        _extras = null;
    }
}
