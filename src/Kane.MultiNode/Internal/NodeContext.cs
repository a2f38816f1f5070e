namespace Kane.MultiNode.Internal;

/// <summary>The node a spec instance runs on; set by <see cref="MultiNodeHost"/> before the spec is constructed.</summary>
internal sealed class NodeContext(NodeArguments arguments, ControlConnection controller)
{
    private static readonly AsyncLocal<NodeContext?> s_current = new();

    /// <summary>Null in the test process, where the runner constructs a spec only to read its config.</summary>
    public static NodeContext? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public NodeArguments Arguments { get; } = arguments;

    public ControlConnection Controller { get; } = controller;
}
