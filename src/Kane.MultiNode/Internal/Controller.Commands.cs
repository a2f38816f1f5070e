using System.Globalization;
using System.Net.Sockets;

namespace Kane.MultiNode.Internal;

internal sealed partial class Controller
{
    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception) { return; }
            var connection = new ControlConnection(client);
            RoleProcess? self = null;
            connection.OnMessage = message =>
            {
                switch (message)
                {
                    case ["hello", var name, var incarnation]:
                        self = OnHello(connection, new RoleName(name), int.Parse(incarnation, CultureInfo.InvariantCulture));
                        break;
                    case ["done"] when self is not null:
                        lock (_gate) if (self.Status == RoleStatus.Running) self.Status = RoleStatus.Done;
                        break;
                    case ["fail", var reason] when self is not null:
                        lock (_gate) self.FailureMessage = reason;
                        Fail($"role {self.Role} (incarnation {self.Incarnation}) failed: {reason}", self.Role);
                        break;
                }
            };
            connection.OnRequest = request => self is null
                ? Task.FromResult<string?>("say hello first")
                : HandleAsync(self.Role, request);
            _ = connection.ReadLoopAsync(_stop.Token);
        }
    }

    private RoleProcess? OnHello(ControlConnection connection, RoleName role, int incarnation)
    {
        lock (_gate)
        {
            if (!_roles.TryGetValue(role, out var process) || process.Incarnation != incarnation || process.Status != RoleStatus.Starting)
                return null;
            process.Connection = connection;
            process.Status = RoleStatus.Running;
            process.Hello.TrySetResult();
            return process;
        }
    }

    private async Task<string?> HandleAsync(RoleName from, string[] request)
    {
        try
        {
            return request switch
            {
                ["barrier", var name] => await EnterBarrier(from, name).ConfigureAwait(false),
                [var mode and ("blackhole" or "passthrough"), var a, var b, var direction] =>
                    await LinkAsync(mode, Find(a), Find(b), Enum.Parse<Direction>(direction), 0).ConfigureAwait(false),
                ["throttle", var a, var b, var direction, var rate] =>
                    await LinkAsync("throttle", Find(a), Find(b), Enum.Parse<Direction>(direction), double.Parse(rate, CultureInfo.InvariantCulture)).ConfigureAwait(false),
                ["kill", var role] => await KillAsync(Find(role)).ConfigureAwait(false),
                ["exit", var role, var code] => await ExitAsync(Find(role), int.Parse(code, CultureInfo.InvariantCulture)).ConfigureAwait(false),
                ["start", var role] => await StartAsync(Find(role)).ConfigureAwait(false),
                _ => $"unknown request '{string.Join(' ', request)}'",
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or MultiNodeException)
        {
            return e.Message;
        }
    }

    private RoleProcess Find(string name) =>
        _roles.TryGetValue(new RoleName(name), out var role) ? role : throw new ArgumentException($"'{name}' is not a role of this spec");

    /// <summary>
    /// Applies a link change on both ends: the first role's side covers Send as its outbound, the second's covers
    /// Receive as its outbound (throttle paces only the sender). Roles without a live process are skipped.
    /// </summary>
    private async Task<string?> LinkAsync(string mode, RoleProcess a, RoleProcess b, Direction direction, double rateMBit)
    {
        bool send = direction is Direction.Send or Direction.Both, receive = direction is Direction.Receive or Direction.Both;
        var commands = new List<Task>();
        var bytesPerSecond = (rateMBit * 1_000_000 / 8).ToString("R", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            void To(RoleProcess node, RoleProcess peer, bool outbound, bool inbound)
            {
                if (node.Status != RoleStatus.Running || node.Connection is not { } c || (!outbound && !inbound)) return;
                commands.Add(c.RequestAsync("link", mode, peer.Address(SystemName), outbound ? "1" : "0", inbound ? "1" : "0", bytesPerSecond));
            }
            if (mode == "throttle")
            {
                To(a, b, send, false);
                To(b, a, receive, false);
            }
            else
            {
                To(a, b, send, receive);
                To(b, a, receive, send);
            }
        }
        await Task.WhenAll(commands).ConfigureAwait(false);
        return null;
    }

    private async Task<string?> KillAsync(RoleProcess role)
    {
        Task exited;
        lock (_gate)
        {
            if (role.Status is RoleStatus.Stopped or RoleStatus.Aborting) return $"role {role.Role} is not running";
            role.Status = RoleStatus.Stopping;
            role.ExpectedExitCode = null;
            exited = role.Exited.Task;
        }
        role.Kill();
        await exited.WaitAsync(ExitTimeout).ConfigureAwait(false);
        return null;
    }

    private async Task<string?> ExitAsync(RoleProcess role, int code)
    {
        Task exited;
        ControlConnection? connection;
        lock (_gate)
        {
            if (role.Status is not (RoleStatus.Running or RoleStatus.Done)) return $"role {role.Role} is not running";
            role.Status = RoleStatus.Stopping;
            role.ExpectedExitCode = code;
            exited = role.Exited.Task;
            connection = role.Connection;
        }
        if (connection is not null) await connection.SendAsync("exit", code.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        if (await Task.WhenAny(exited, Task.Delay(ExitTimeout)).ConfigureAwait(false) != exited)
        {
            role.Kill();
            return $"role {role.Role} did not exit within {ExitTimeout.TotalSeconds:0} s of being told to";
        }
        return null;
    }

    private async Task<string?> StartAsync(RoleProcess role)
    {
        Task hello, exited;
        lock (_gate)
        {
            if (role.Status != RoleStatus.Stopped) return $"role {role.Role} is still running; kill it or make it exit first";
            if (_failure is not null) return "the spec has already failed";
            Launch(role);
            hello = role.Hello.Task;
            exited = role.Exited.Task;
        }
        var first = await Task.WhenAny(hello, exited, Task.Delay(StartTimeout)).ConfigureAwait(false);
        if (first == hello) return null;
        return first == exited
            ? $"role {role.Role} exited before its system came up"
            : $"role {role.Role} did not come up within {StartTimeout.TotalSeconds:0} s";
    }
}
