using Kane.Actor;
using Microsoft.Extensions.Logging;

namespace Kane.Actors.Internal;

// Attempt timeouts. A dispatched attempt's timeout is counted from its dispatch, but the time it waits in its node's
// queue is not running time: when it passes, the job asks the node (CheckAttempts) instead of re-dispatching at once.
// - Still queued there, or finished with the result on its way: the attempt gets its whole timeout again from now.
// - With an agent since T: it may run until T + timeout; past that it is dispatched again (its late result is stale).
// - Not held by the node, or no answer within attempt-check-timeout: dispatched again at once, as before.
internal sealed partial class JobEntity
{
    /// <summary>Attempts asked about, with when the job stops waiting for the node's answer.</summary>
    private readonly Dictionary<TaskAttempt, DateTimeOffset> _checks = [];

    private void CheckTimedOut(List<TaskAttempt> timedOut, DateTimeOffset now)
    {
        foreach (var group in timedOut.Where(a => !_checks.ContainsKey(a)).GroupBy(a => _state.Find(a.TaskId)?.Node))
        {
            if (group.Key is not { } node)
            {
                Requeue([.. group], "the attempt exceeded its timeout");
                continue;
            }
            var attempts = group.ToList();
            foreach (var a in attempts) _checks[a] = now + _settings.AttemptCheckTimeout;
            Paths.Resolve(Context.System, node.CoordinatorPath).Tell(new CheckAttempts(_jobId, attempts), Self);
        }
    }

    /// <summary>Attempts whose node did not answer in time are dispatched again.</summary>
    private void ExpireChecks(DateTimeOffset now)
    {
        if (_checks.Count == 0) return;
        var unanswered = _checks.Where(kv => kv.Value <= now).Select(kv => kv.Key).ToList();
        foreach (var a in unanswered) _checks.Remove(a);
        Requeue(unanswered.Where(IsDispatched).ToList(), "the attempt exceeded its timeout and its node did not answer for it");
    }

    private void OnAttemptsHeld(AttemptsHeld held)
    {
        var now = Now;
        var overran = new List<TaskAttempt>();
        foreach (var h in held.Held)
        {
            var a = new TaskAttempt(h.TaskId, h.Attempt);
            if (!_checks.Remove(a) || _state.Find(h.TaskId) is not { } e || !IsDispatched(a)) continue;
            var until = h.RunningSince is { } since ? since + _state.TimeoutOf(e.Task) : now + _state.TimeoutOf(e.Task);
            if (until > now) _state.Rearm(a, until);
            else overran.Add(a);
        }
        var gone = held.NotHeld.Where(a => _checks.Remove(a) && IsDispatched(a)).ToList();
        if (overran.Count > 0 || gone.Count > 0) LogInformationTimedOut(Log, _jobId, overran.Count, gone.Count, held.Node);
        Requeue(overran, $"the attempt ran on node {held.Node} longer than its timeout");
        Requeue(gone, $"the attempt exceeded its timeout and node {held.Node} no longer holds it");
    }

    private bool IsDispatched(TaskAttempt a) => _state.Find(a.TaskId) is { State: TaskState.Dispatched } e && e.Attempt == a.Attempt;

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Overran} attempts ran longer than their timeout and {Gone} are no longer held by node {Node}; dispatching them again")]
    private static partial void LogInformationTimedOut(ILogger logger, string jobId, int overran, int gone, string node);
}
