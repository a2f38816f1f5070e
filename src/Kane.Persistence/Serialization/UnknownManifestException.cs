namespace Kane.Persistence.Serialization;

/// <summary>A stored row whose manifest cannot be read: nothing is instantiated from it and recovery fails.</summary>
public sealed class UnknownManifestException(string manifest, string reason)
    : Exception($"Cannot read a stored payload with manifest '{manifest}': {reason}. Register the tag, an Alias for a renamed type, or an Upcast for an old version.")
{
    public string Manifest { get; } = manifest;
}
