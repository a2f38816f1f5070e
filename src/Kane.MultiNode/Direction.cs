namespace Kane.MultiNode;

/// <summary>Which traffic between two roles a conductor command affects, seen from the first role.</summary>
public enum Direction
{
    /// <summary>From the first role to the second.</summary>
    Send,

    /// <summary>From the second role to the first.</summary>
    Receive,

    /// <summary>Both ways.</summary>
    Both,
}
