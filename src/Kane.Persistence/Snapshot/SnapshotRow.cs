namespace Kane.Persistence.Snapshot;

/// <summary>One serialized snapshot as a snapshot store keeps it.</summary>
public sealed record SnapshotRow(SnapshotMetadata Metadata, string Manifest, int SerializerId, byte[] Payload);
