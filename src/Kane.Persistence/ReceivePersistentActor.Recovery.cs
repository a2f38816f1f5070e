using Kane.Actor;
using Kane.Persistence.Internal;
using Kane.Scheduling;

namespace Kane.Persistence;

public abstract partial class ReceivePersistentActor
{
    private bool _holdsPermit;
    private bool _receivedSinceTick;
    private ICancelable? _recoveryTimeout;
    private Recovery? _recovery;

    private void StartRecovery()
    {
        IsRecovering = true;
        _state = WaitingForPermit;
        Extension.RecoveryPermitter.Tell(new RequestRecoveryPermit(), Self);
    }

    private bool WaitingForPermit(object message)
    {
        if (message is not RecoveryPermitGranted) return StashIt();
        _holdsPermit = true;
        _recovery = Recovery;
        var timeout = Extension.Settings.RecoveryEventTimeout;
        _recoveryTimeout = Context.System.Scheduler.ScheduleTellRepeatedly(timeout, timeout, Self, new RecoveryTick(_instanceId), Self);
        _state = RecoveringSnapshot;
        if (_recovery.FromSnapshot == Snapshot.SnapshotSelectionCriteria.None) Self.Tell(new LoadSnapshotResult(null, _instanceId), Self);
        else Extension.Snapshots.Tell(new LoadSnapshot(PersistenceId, _recovery.FromSnapshot with { MaxSequenceNr = Math.Min(_recovery.FromSnapshot.MaxSequenceNr, _recovery.ToSequenceNr) }, Self, _instanceId), Self);
        return true;
    }

    private bool RecoveringSnapshot(object message)
    {
        switch (message)
        {
            case LoadSnapshotResult r when r.InstanceId == _instanceId:
                _receivedSinceTick = true;
                if (r.Offer is { } offer)
                {
                    SnapshotSequenceNr = LastSequenceNr = _sequenceNr = offer.Metadata.SequenceNr;
                    if (!RunRecoveryHandler(offer)) return true;
                }
                _state = RecoveringEvents;
                Extension.Journal.Tell(new ReplayMessages(PersistenceId, LastSequenceNr + 1, _recovery!.ToSequenceNr, _recovery.ReplayMax, Self, _instanceId), Self);
                return true;
            case LoadSnapshotFailed f when f.InstanceId == _instanceId:
                FailRecovery(f.Cause, null);
                return true;
            case RecoveryTick t when t.InstanceId == _instanceId:
                return CheckRecoveryTick();
            case LoadSnapshotResult or LoadSnapshotFailed or RecoveryTick:
                return true;
            default:
                return StashIt();
        }
    }

    private bool RecoveringEvents(object message)
    {
        switch (message)
        {
            case ReplayedMessages m when m.InstanceId == _instanceId:
                _receivedSinceTick = true;
                var serializers = Extension.Serializers;
                foreach (var row in m.Rows)
                {
                    object @event;
                    try
                    {
                        @event = serializers.Deserialize(row.Manifest, row.SerializerId, row.Payload);
                    }
                    catch (Exception e)
                    {
                        // As a replay that failed: the events before this one were applied, recovery stops here.
                        FailRecovery(e, null);
                        return true;
                    }
                    LastSequenceNr = _sequenceNr = row.SequenceNr;
                    // A failed handler stopped recovery: the rest of the batch is dropped as later messages would be.
                    if (!RunRecoveryHandler(@event)) break;
                }
                return true;
            case RecoverySuccess s when s.InstanceId == _instanceId:
                LastSequenceNr = _sequenceNr = Math.Max(_sequenceNr, s.HighestSequenceNr);
                CancelRecoveryTimeout();
                ReturnPermit();
                IsRecovering = false;
                _state = ProcessingCommands;
                OnReplaySucceeded();
                if (!RunRecoveryHandler(RecoveryCompleted.Instance)) return true;
                FlushBatch();
                if (_pendingStashing > 0) _state = PersistingEvents;
                else Stash.UnstashAll();
                return true;
            case ReplayMessagesFailure f when f.InstanceId == _instanceId:
                FailRecovery(f.Cause, null);
                return true;
            case RecoveryTick t when t.InstanceId == _instanceId:
                return CheckRecoveryTick();
            case ReplayedMessages or RecoverySuccess or ReplayMessagesFailure or RecoveryTick:
                return true;
            default:
                return StashIt();
        }
    }

    private bool RunRecoveryHandler(object message)
    {
        try
        {
            _recoverHandlers.Handle(message);
            return true;
        }
        catch (Exception e)
        {
            FailRecovery(e, message);
            return false;
        }
    }

    private bool CheckRecoveryTick()
    {
        if (_receivedSinceTick) _receivedSinceTick = false;
        else FailRecovery(new RecoveryTimedOutException(PersistenceId, Extension.Settings.RecoveryEventTimeout), null);
        return true;
    }

    private void FailRecovery(Exception cause, object? @event)
    {
        CancelRecoveryTimeout();
        ReturnPermit();
        try
        {
            OnRecoveryFailure(cause, @event);
        }
        finally
        {
            _state = _ => true;
            Context.Stop(Self);
        }
    }

    private void ReturnPermit()
    {
        if (!_holdsPermit) return;
        _holdsPermit = false;
        Extension.RecoveryPermitter.Tell(new ReturnRecoveryPermit(), Self);
    }

    private void CancelRecoveryTimeout()
    {
        _recoveryTimeout?.Cancel();
        _recoveryTimeout = null;
    }
}
