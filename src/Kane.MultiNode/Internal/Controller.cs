using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kane.MultiNode.Internal;

/// <summary>
/// The conductor's controller, in the test process: launches one process per role, answers their barriers and
/// conductor commands over the control connections, watches every exit, and decides whether the spec passed.
/// A single lock guards all state; process and network waits happen outside it.
/// </summary>
internal sealed partial class Controller(Type specType, MultiNodeConfig config, string logDirectory)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);
    private readonly object _gate = new();
    private readonly Dictionary<RoleName, RoleProcess> _roles = [];
    private readonly List<NodeExit> _exits = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private (string Reason, RoleName? Role)? _failure;
    private TcpListener? _listener;

    private string SystemName => specType.Name;

    public async Task<MultiNodeResult> RunAsync()
    {
        Directory.CreateDirectory(logDirectory);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var ip = 2;
        foreach (var role in config.Roles)
        {
            var host = $"127.0.0.{ip++}";
            _roles[role] = new RoleProcess(role, host, FreePort(host), Path.Combine(logDirectory, role.Name + ".log"));
        }
        _ = AcceptLoopAsync(_listener);
        try
        {
            lock (_gate)
                foreach (var role in _roles.Values) Launch(role);
            var timeout = Task.Delay(config.SpecTimeout);
            if (await Task.WhenAny(_finished.Task, _failed.Task, timeout).ConfigureAwait(false) == timeout)
                Fail($"the spec did not finish within its SpecTimeout of {config.SpecTimeout.TotalSeconds:0.#} s; {Describe()}", null);
            (string Reason, RoleName? Role)? failure;
            lock (_gate) failure = _failure;
            if (failure is not { } f) return new MultiNodeResult(specType.Name, Exits());
            // Failing nodes usually exit by themselves a moment later (a failed barrier throws in every waiter), and
            // their logs then end with the stack trace; the rest are killed.
            var exits = _roles.Values.Select(r => r.Exited.Task).ToList();
            var grace = f.Role is null ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);
            await Task.WhenAny(Task.WhenAll(exits), Task.Delay(grace)).ConfigureAwait(false);
            await AbortAllAsync().ConfigureAwait(false);
            throw new MultiNodeSpecFailedException(FailureMessage(f.Reason, f.Role), logDirectory, f.Role, Exits())
            {
                ProcessIds = _roles.Values.SelectMany(r => r.ProcessIds).ToList(),
            };
        }
        finally
        {
            await AbortAllAsync().ConfigureAwait(false);
            _stop.Cancel();
            _listener.Stop();
            foreach (var role in _roles.Values) role.Dispose();
        }
    }

    private List<NodeExit> Exits()
    {
        lock (_gate) return [.. _exits];
    }

    /// <summary>Starts <paramref name="role"/>'s next incarnation. Under the lock.</summary>
    private void Launch(RoleProcess role)
    {
        var arguments = new NodeArguments(
            $"{specType.FullName}, {specType.Assembly.GetName().Name}", role.Role, role.Incarnation + 1,
            "127.0.0.1", ((IPEndPoint)_listener!.LocalEndpoint).Port, _secret, SystemName,
            _roles.Values.ToDictionary(r => r.Role, r => (r.Host, r.Port)));
        var exit = role.Launch(DotnetHost(), [specType.Assembly.Location, .. arguments.ToArgs()]);
        _ = WatchExitAsync(role, role.Incarnation, exit);
    }

    private async Task WatchExitAsync(RoleProcess role, int incarnation, Task<int> exit)
    {
        var code = await exit.ConfigureAwait(false);
        role.Write($"=== {role.Role} incarnation {incarnation} exited with code {code}");
        lock (_gate)
        {
            NodeExitKind kind;
            string? failure = null;
            switch (role.Status)
            {
                case RoleStatus.Stopping when role.ExpectedExitCode is null:
                    kind = NodeExitKind.Killed;
                    break;
                case RoleStatus.Stopping when role.ExpectedExitCode == code:
                    kind = NodeExitKind.Exited;
                    break;
                case RoleStatus.Stopping:
                    kind = NodeExitKind.Failed;
                    failure = $"role {role.Role} was told to exit with code {role.ExpectedExitCode} but exited with code {code}";
                    break;
                case RoleStatus.Done when code == 0:
                    kind = NodeExitKind.Finished;
                    break;
                case RoleStatus.Aborting:
                    kind = NodeExitKind.Aborted;
                    break;
                default:
                    kind = NodeExitKind.Failed;
                    failure = role.FailureMessage is { } reported
                        ? $"role {role.Role} (incarnation {incarnation}) failed: {reported}"
                        : $"role {role.Role} (incarnation {incarnation}) exited unexpectedly with code {code}";
                    break;
            }
            _exits.Add(new NodeExit(role.Role, incarnation, code, kind));
            role.Status = RoleStatus.Stopped;
            role.Connection = null;
            if (failure is not null) Fail(failure, role.Role);
            LeaveBarrier(role.Role);
            if (_roles.Values.All(r => r.Status == RoleStatus.Stopped)) _finished.TrySetResult();
            role.Exited.TrySetResult(); // inside the lock: a Start after this point replaces the signal
        }
    }

    /// <summary>Records the first failure; the run then ends. Safe under the lock or outside it.</summary>
    private void Fail(string reason, RoleName? role)
    {
        lock (_gate)
        {
            _failure ??= (reason, role);
            _failed.TrySetResult();
            if (_barrier is not null) FailBarrier($"the spec failed: {reason}");
        }
    }

    private async Task AbortAllAsync()
    {
        List<RoleProcess> live;
        lock (_gate)
        {
            live = _roles.Values.Where(r => r.Status != RoleStatus.Stopped).ToList();
            foreach (var role in live) role.Status = RoleStatus.Aborting;
        }
        foreach (var role in live) role.Kill();
        await Task.WhenAny(Task.WhenAll(live.Select(r => r.Exited.Task)), Task.Delay(ExitTimeout)).ConfigureAwait(false);
    }

    private string Describe()
    {
        lock (_gate)
        {
            var states = string.Join(", ", _roles.Values.Select(r => $"{r.Role}: {r.Status.ToString().ToLowerInvariant()}"));
            return _barrier is null ? $"roles {states}; no barrier pending" : $"roles {states}; {BarrierState()}";
        }
    }

    private string FailureMessage(string reason, RoleName? role)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Multi-node spec {specType.Name} failed: {reason}\nNode logs: {logDirectory}\n");
        var shown = role is null ? _roles.Values : _roles.Values.Where(r => r.Role == role);
        foreach (var r in shown)
            text.Append(CultureInfo.InvariantCulture, $"\n--- last lines of {r.Role}.log ---\n{r.Tail(role is null ? 25 : 50)}\n");
        return text.ToString();
    }

    private static int FreePort(string host)
    {
        var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
