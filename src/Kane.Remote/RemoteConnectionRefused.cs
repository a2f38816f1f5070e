using Kane.Actor;

namespace Kane.Remote;

/// <summary>
/// Published on the event stream when dialing <paramref name="Remote"/> was refused: nothing listens at that address
/// (its process is gone, or its remoting stopped). The cluster takes it as a member's death notice, faster than
/// waiting for heartbeats to stay silent (decision 0020).
/// </summary>
public sealed record RemoteConnectionRefused(Address Remote);
