using Kane.Actor;
using Kane.Cluster;
using Microsoft.Extensions.Logging;

namespace Kane.Actors.Internal;

// Work stealing: an idle node asks the most loaded peer for not-started tasks; a busy node gives up to half of its
// queue, lowest priority first, through the tasks' jobs (ReassignTasks), which journal the move and assign them.
internal sealed partial class NodeCoordinator
{
    private DateTimeOffset? _stealSentAt;
    private long _stolenIn;
    private long _stolenOut;

    private void OnStealTick()
    {
        var now = DateTimeOffset.UtcNow;
        if (!_settings.WorkStealing || _leaving || _deque.Count > 0) return;
        // One request at a time; a lost reply is given up after a few intervals.
        if (_stealSentAt is { } sent && now - sent < _settings.StealInterval * 5) return;
        var free = FreeSlots();
        if (free == 0) return;
        var victim = StealChoice.PickVictim(_deque.Count, TotalSlots(), Peers(), _settings.StealRatio);
        if (victim is null) return;
        _stealSentAt = now;
        // Half of the victim's queue, up to a batch: asking only for the free slots would move one task per interval.
        var max = Math.Max(free, _settings.TaskBatchSize);
        LogDebugStealing(Log, _nodeName, victim.Node.Node, victim.Queued, max);
        Paths.Resolve(Context.System, victim.Node.CoordinatorPath).Tell(new StealTasks(_self, max), Self);
    }

    /// <summary>Worker peers that are up and reachable, with their queue from the latest heartbeat load report.</summary>
    private IEnumerable<PeerQueue> Peers()
    {
        var state = _cluster.State;
        var loads = _cluster.LoadReports;
        foreach (var m in state.Members)
        {
            if (m.Status != MemberStatus.Up || !m.HasRole(_settings.Role) || m.UniqueAddress == _cluster.SelfUniqueAddress
                || state.Unreachable.Contains(m) || !loads.TryGetValue(m.UniqueAddress, out var load))
                continue;
            var path = (ActorPath.Root(m.Address) / "user" / KaneAgents.NodeCoordinatorName).ToString();
            // A peer's slots, assuming the cluster's nodes share kane.agents settings: its agents for its cores.
            var slots = _settings.AgentsFor(load.ProcessorCount) * _settings.SlotsPerAgent;
            yield return new PeerQueue(new NodeRef(Paths.NodeName(m.Address), m.UniqueAddress.Uid, path), load.QueueLength, slots);
        }
    }

    private void OnStealTasks(StealTasks steal)
    {
        if (steal.Thief.Node == _nodeName || !_settings.WorkStealing)
        {
            Sender.Tell(new StealReply(0), Self);
            return;
        }
        var chosen = StealChoice.Select(_deque.InOrder.Where(q => StealChoice.IsPortable(q.Task, _handlers)).ToList(), steal.Max);
        var now = DateTimeOffset.UtcNow;
        foreach (var q in chosen) _deque.Remove(q);
        QueueChanged();
        foreach (var job in chosen.GroupBy(q => q.JobId))
            _jobs.Tell(new ReassignTasks(job.Key, _nodeName, steal.Thief, [.. job.Select(q => new TaskAttempt(q.Task.Id, q.Offer.Attempt))]), Self);
        _stolenOut += chosen.Count;
        if (chosen.Count > 0)
        {
            AgentsMetrics.Stolen.Add(chosen.Count, new KeyValuePair<string, object?>("direction", "out"));
            LogInformationStolen(Log, chosen.Count, steal.Thief.Node, _deque.Count);
            if (Context.System.EventStream.HasSubscribers<TaskStolen>())
                foreach (var q in chosen) Context.System.EventStream.Publish(new TaskStolen(now, q.JobId, q.Task.Id, _nodeName, steal.Thief.Node));
        }
        Sender.Tell(new StealReply(chosen.Count), Self);
    }

    private void OnStealReply(StealReply reply)
    {
        // Stolen tasks come through their jobs: until they arrive (OnAssign) or a few intervals pass, do not ask again.
        _stealSentAt = reply.Count > 0 ? DateTimeOffset.UtcNow : null;
        _stolenIn += reply.Count;
        if (reply.Count > 0) AgentsMetrics.Stolen.Add(reply.Count, new KeyValuePair<string, object?>("direction", "in"));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {Node} asks {Victim} ({Queued} queued) for up to {Max} tasks")]
    private static partial void LogDebugStealing(ILogger logger, string node, string victim, long queued, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave {Count} not-started tasks to {Thief}; {Left} stay queued")]
    private static partial void LogInformationStolen(ILogger logger, int count, string thief, int left);
}
