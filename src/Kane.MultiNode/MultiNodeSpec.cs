using Kane.Actor;
using Kane.MultiNode.Internal;
using Kane.Remote;
using Microsoft.Extensions.Logging;

namespace Kane.MultiNode;

/// <summary>
/// Base of a multi-node spec. Every role's process constructs the spec (through a public parameterless constructor
/// that passes its <see cref="MultiNodeConfig"/> to this one) and runs <see cref="RunAsync"/>; the code branches on
/// <see cref="Myself"/> with <see cref="RunOn"/>. Run it from a test with <see cref="MultiNodeRunner.RunAsync{TSpec}"/>.
/// </summary>
/// <remarks>
/// The test process also constructs the spec, only to read its config: a constructor must not touch
/// <see cref="Sys"/>, <see cref="Myself"/> or the conductor.
/// </remarks>
public abstract class MultiNodeSpec
{
    /// <summary>The barrier every role enters after <see cref="RunAsync"/>, so no role shuts down under another's feet.</summary>
    internal const string EndBarrier = "multinode-spec-end";

    private readonly NodeContext? _node;
    private ActorSystem? _system;
    private TestConductor? _conductor;

    protected MultiNodeSpec(MultiNodeConfig config)
    {
        SpecConfig = config ?? throw new ArgumentNullException(nameof(config));
        _node = NodeContext.Current;
    }

    internal MultiNodeConfig SpecConfig { get; }

    /// <summary>Every role of the spec.</summary>
    public IReadOnlyList<RoleName> Roles => SpecConfig.Roles;

    /// <summary>The role this process plays.</summary>
    public RoleName Myself => Node.Arguments.Role;

    /// <summary>1 for the first process of this role, 2 after the conductor started it again, and so on.</summary>
    public int Incarnation => Node.Arguments.Incarnation;

    /// <summary>This node's actor system, with remoting on its own loopback address.</summary>
    public ActorSystem Sys => _system ?? throw new InvalidOperationException("The actor system starts after the spec is constructed.");

    /// <summary>Network faults and process control (kill, exit, start) through the controller.</summary>
    public TestConductor TestConductor => _conductor ??= new TestConductor(Node.Controller);

    private NodeContext Node => _node ?? throw new InvalidOperationException("Only a node process of the spec has a role, a system and a conductor.");

    /// <summary>The body of the spec, run by every role's process.</summary>
    protected abstract Task RunAsync();

    internal Task RunBodyAsync() => RunAsync();

    /// <summary>True when this process plays one of <paramref name="roles"/>.</summary>
    public bool IsNode(params RoleName[] roles) => roles.Contains(Myself);

    /// <summary>Runs <paramref name="action"/> only on the given roles.</summary>
    public void RunOn(Action action, params RoleName[] roles)
    {
        if (IsNode(roles)) action();
    }

    /// <summary>Runs <paramref name="action"/> only on the given roles.</summary>
    public Task RunOnAsync(Func<Task> action, params RoleName[] roles) => IsNode(roles) ? action() : Task.CompletedTask;

    /// <summary>Waits until every running role has entered the barrier <paramref name="name"/>.</summary>
    /// <exception cref="MultiNodeException">The barrier timed out (<see cref="MultiNodeConfig.BarrierTimeout"/>) or another role entered a different one.</exception>
    public void EnterBarrier(string name) => EnterBarrierAsync(name).GetAwaiter().GetResult();

    /// <inheritdoc cref="EnterBarrier"/>
    public Task EnterBarrierAsync(string name) => Node.Controller.RequestAsync("barrier", name);

    /// <summary>The <c>kane.tcp</c> address of <paramref name="role"/>'s actor system.</summary>
    public Address GetAddress(RoleName role)
    {
        if (!Node.Arguments.Nodes.TryGetValue(role, out var node)) throw new ArgumentException($"'{role}' is not a role of this spec.", nameof(role));
        return new Address("kane.tcp", Node.Arguments.SystemName, node.Host, node.Port);
    }

    /// <summary>A selection of <paramref name="path"/> (e.g. <c>/user/echo</c>) on <paramref name="role"/>'s system.</summary>
    public ActorSelection Select(RoleName role, string path) => Sys.ActorSelection(GetAddress(role) + path);

    internal void StartSystem(ILoggerFactory loggerFactory)
    {
        var a = Node.Arguments;
        var (host, port) = a.Nodes[a.Role];
        var config = SpecConfig.ConfigFor(a.Role, host, port, a.Secret);
        var settings = ActorSystemSettings.FromConfig(config) with { LoggerFactory = loggerFactory };
        _system = ActorSystem.Create(a.SystemName, settings.WithRemoting());
    }
}
