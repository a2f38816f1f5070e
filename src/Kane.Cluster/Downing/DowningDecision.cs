namespace Kane.Cluster.Downing;

/// <summary>What the split brain resolver decided for the current partition.</summary>
public enum DowningDecision
{
    /// <summary>This side survives; the unreachable side is downed.</summary>
    DownUnreachable,
    /// <summary>This side (including this node) is downed; the other side is expected to survive.</summary>
    DownReachable,
    /// <summary>Every member is downed.</summary>
    DownAll,
}
