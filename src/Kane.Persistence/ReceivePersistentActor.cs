using Kane.Actor;
using Kane.Persistence.Internal;

namespace Kane.Persistence;

/// <summary>
/// An event-sourced actor. Declare recovery handlers (<see cref="Recover{T}(Action{T}, Predicate{T}?)"/>) and command
/// handlers (<see cref="Command{T}(Action{T}, Predicate{T}?)"/>) in the constructor. On start it takes a recovery permit,
/// loads the latest snapshot (<see cref="SnapshotOffer"/>), replays later events, then receives
/// <see cref="RecoveryCompleted"/>; commands that arrive meanwhile are stashed and follow in order. Commands handled
/// with <c>Persist</c>/<c>PersistAll</c> stash the next commands until the event handlers ran.
/// </summary>
/// <remarks>
/// The actor's stash (<see cref="IWithStash"/>) is shared by these mechanics and the user: messages a handler stashes
/// are also put back when persisting or recovery finishes, and are then processed again.
/// </remarks>
public abstract partial class ReceivePersistentActor : ActorBase, IWithStash
{
    private static int s_instances;
    private readonly int _instanceId = Interlocked.Increment(ref s_instances);
    private readonly HandlerTable _recoverHandlers = new();
    private HandlerTable _commandHandlers = new();
    private HandlerTable? _building;
    private Func<object, bool> _state;

    protected ReceivePersistentActor()
    {
        _building = _commandHandlers;
        Extension = Persistence.Get(Context.System);
        _state = WaitingForPermit;
    }

    /// <summary>The id of the journal stream this actor writes; stable across incarnations, unique among live actors.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>A fresh id per incarnation, stored with each event so that a replay can tell writers apart.</summary>
    public string WriterUuid { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The sequence number of the last event persisted and handled (or replayed).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The sequence number the latest snapshot loaded or saved covers.</summary>
    public long SnapshotSequenceNr { get; private set; }

    /// <summary>True until <see cref="RecoveryCompleted"/> is handled.</summary>
    public bool IsRecovering { get; private set; } = true;

    /// <summary>Which snapshot and events recovery reads; override to change it.</summary>
    protected virtual Recovery Recovery => Recovery.Default;

    /// <summary>This actor system's persistence.</summary>
    protected Persistence Extension { get; }

    IStash IWithStash.Stash { get; set; } = null!;

    /// <summary>The actor's stash (shared with persistence, see the remarks on the class).</summary>
    protected IStash Stash => ((IWithStash)this).Stash;

    /// <summary>Handles replayed events (and <see cref="SnapshotOffer"/>, <see cref="RecoveryCompleted"/>) of type <typeparamref name="T"/>.</summary>
    protected void Recover<T>(Action<T> handler, Predicate<T>? shouldHandle = null) => _recoverHandlers.Add(handler, shouldHandle);

    /// <summary>Handles commands of type <typeparamref name="T"/>.</summary>
    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null) => Building.Add(handler, shouldHandle);

    /// <summary>Handles commands of type <typeparamref name="T"/>; the handler returns false to pass a command on.</summary>
    protected void Command<T>(Func<T, bool> handler) => Building.Add(handler);

    /// <summary>Handles every command not handled by an earlier declaration.</summary>
    protected void CommandAny(Action<object> handler) => Building.Add(handler, null);

    /// <summary>Replaces the command handlers with those <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure)
    {
        var table = new HandlerTable();
        var saved = _building;
        _building = table;
        try
        {
            configure();
        }
        finally
        {
            _building = saved;
        }
        _commandHandlers = table;
    }

    private HandlerTable Building => _building ?? throw new InvalidOperationException(
        "Command handlers can only be declared in the constructor or inside Become(() => ...).");

    protected sealed override bool Receive(object message)
    {
        _building = null;
        return AroundState(message) || _state(message);
    }

    protected override void PreStart() => StartRecovery();

    /// <summary>Lets a subclass of this assembly take a message before the current state (recovering, persisting, commands) sees it.</summary>
    private protected virtual bool AroundState(object message) => false;

    /// <summary>Runs after the replay succeeded and before <see cref="RecoveryCompleted"/> is handled.</summary>
    private protected virtual void OnReplaySucceeded()
    {
    }

    protected override void PostStop()
    {
        ReturnPermit();
        CancelRecoveryTimeout();
    }

    /// <summary>
    /// A write failed (or its outcome is unknown): the actor stops after this returns. The default logs. Run the
    /// actor under a back-off supervisor (<c>BackoffOptions.OnStop</c>) to recover it later.
    /// </summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Log.LogErrorPersistFailure(cause, PersistenceId, sequenceNr);

    /// <summary>The journal rejected an event (it was not stored; for example it cannot be serialized): the actor continues. The default logs.</summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Log.LogWarningPersistRejected(cause, PersistenceId, sequenceNr);

    /// <summary>Recovery failed (journal error, unreadable event, timeout): the actor stops after this returns. The default logs.</summary>
    protected virtual void OnRecoveryFailure(Exception cause, object? @event) =>
        Log.LogErrorRecoveryFailure(cause, PersistenceId);

    private bool StashIt()
    {
        Stash.Stash();
        return true;
    }
}
