using System.Globalization;
using Kane.MultiNode.Internal;

namespace Kane.MultiNode;

/// <summary>
/// Network faults and process life cycle, commanded from spec code on any node and carried out by the controller in
/// the test process. Each method returns when the change is in effect.
/// </summary>
public sealed class TestConductor
{
    private readonly ControlConnection _controller;

    internal TestConductor(ControlConnection controller) => _controller = controller;

    /// <summary>Drops every frame between <paramref name="a"/> and <paramref name="b"/> in <paramref name="direction"/>, heartbeats included.</summary>
    public Task Blackhole(RoleName a, RoleName b, Direction direction) =>
        _controller.RequestAsync("blackhole", a.Name, b.Name, direction.ToString());

    /// <summary>Restores normal flow between <paramref name="a"/> and <paramref name="b"/> in <paramref name="direction"/>.</summary>
    public Task PassThrough(RoleName a, RoleName b, Direction direction) =>
        _controller.RequestAsync("passthrough", a.Name, b.Name, direction.ToString());

    /// <summary>Limits traffic between <paramref name="a"/> and <paramref name="b"/> in <paramref name="direction"/> to <paramref name="rateMBit"/> megabits per second.</summary>
    public Task Throttle(RoleName a, RoleName b, Direction direction, double rateMBit)
    {
        if (!(rateMBit > 0)) throw new ArgumentOutOfRangeException(nameof(rateMBit), rateMBit, "must be positive");
        return _controller.RequestAsync("throttle", a.Name, b.Name, direction.ToString(), rateMBit.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Makes <paramref name="role"/> terminate its actor system and exit with <paramref name="exitCode"/>; an intended exit, not a failure.</summary>
    /// <remarks>Returns once the process has exited; called by the role on itself, it does not return.</remarks>
    public Task Exit(RoleName role, int exitCode) =>
        _controller.RequestAsync("exit", role.Name, exitCode.ToString(CultureInfo.InvariantCulture));

    /// <summary>Kills <paramref name="role"/>'s process with SIGKILL (no shutdown code runs); returns once it is gone.</summary>
    public Task Kill(RoleName role) => _controller.RequestAsync("kill", role.Name);

    /// <summary>
    /// Starts a killed or exited <paramref name="role"/> again, on the same host and port, as the next incarnation
    /// (<see cref="MultiNodeSpec.Incarnation"/>); returns once its actor system is up.
    /// </summary>
    public Task Start(RoleName role) => _controller.RequestAsync("start", role.Name);
}
