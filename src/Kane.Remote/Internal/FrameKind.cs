namespace Kane.Remote.Internal;

/// <summary>The byte after a frame's length prefix: which protobuf message the body holds.</summary>
internal enum FrameKind : byte
{
    Hello = 1,
    Challenge = 2,
    Proof = 3,
    Refused = 4,
    Envelope = 10,
    SystemEnvelope = 11,
    Ack = 12,
    Heartbeat = 13,
    HeartbeatResponse = 14,
}
