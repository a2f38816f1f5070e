namespace Kane.MultiNode.Internal;

internal sealed partial class Controller
{
    private string? _barrier;
    private Dictionary<RoleName, TaskCompletionSource<string?>> _arrived = [];
    private int _barrierGeneration;

    /// <summary>
    /// <paramref name="role"/> entered barrier <paramref name="name"/>; the task completes (null, or the error) when every
    /// starting or running role has entered it. One barrier is pending at a time: another name fails both.
    /// </summary>
    private Task<string?> EnterBarrier(RoleName role, string name)
    {
        lock (_gate)
        {
            if (_barrier is not null && _barrier != name)
            {
                var error = $"role {role} entered barrier '{name}' while {BarrierState()}";
                FailBarrier(error);
                Fail(error, role);
                return Task.FromResult<string?>(error);
            }
            if (_barrier is null)
            {
                _barrier = name;
                _arrived = [];
                var generation = ++_barrierGeneration;
                _ = TimeOutBarrierAsync(name, generation);
            }
            var arrived = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived[role] = arrived;
            CheckBarrier();
            return arrived.Task;
        }
    }

    private async Task TimeOutBarrierAsync(string name, int generation)
    {
        await Task.Delay(config.BarrierTimeout).ConfigureAwait(false);
        lock (_gate)
        {
            if (_barrierGeneration != generation || _barrier is null) return;
            var error = $"barrier '{name}' timed out after {config.BarrierTimeout.TotalSeconds:0.#} s: {BarrierState()}";
            FailBarrier(error);
            Fail(error, null);
        }
    }

    /// <summary>A role that stopped no longer counts at the pending barrier. Under the lock.</summary>
    private void LeaveBarrier(RoleName role)
    {
        _arrived.Remove(role);
        CheckBarrier();
    }

    /// <summary>Releases the pending barrier when every participant has entered it. Under the lock.</summary>
    private void CheckBarrier()
    {
        if (_barrier is null) return;
        if (!Participants().All(_arrived.ContainsKey)) return;
        foreach (var waiter in _arrived.Values) waiter.TrySetResult(null);
        _barrier = null;
        _arrived = [];
        _barrierGeneration++;
    }

    private void FailBarrier(string error)
    {
        foreach (var waiter in _arrived.Values) waiter.TrySetResult(error);
        _barrier = null;
        _arrived = [];
        _barrierGeneration++;
    }

    private IEnumerable<RoleName> Participants() =>
        _roles.Values.Where(r => r.Status is RoleStatus.Starting or RoleStatus.Running).Select(r => r.Role);

    private string BarrierState()
    {
        var missing = Participants().Where(r => !_arrived.ContainsKey(r)).ToList();
        return $"barrier '{_barrier}' is pending, entered by [{string.Join(", ", _arrived.Keys)}], waiting for [{string.Join(", ", missing)}]";
    }
}
