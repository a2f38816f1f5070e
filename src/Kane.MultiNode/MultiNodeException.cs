namespace Kane.MultiNode;

/// <summary>A multi-node operation failed: a barrier timed out or was broken, or a conductor command was refused.</summary>
public sealed class MultiNodeException(string message) : Exception(message);
