namespace Kane.Remote.Serialization;

/// <summary>The serializer ids written on the wire next to a message's tag.</summary>
public static class SerializerIds
{
    /// <summary>System.Text.Json with a source-generated type info: the default for user messages.</summary>
    public const int Json = 1;

    /// <summary>Google.Protobuf messages.</summary>
    public const int Protobuf = 2;

    /// <summary>Strings, integers and byte arrays.</summary>
    public const int Primitives = 17;

    /// <summary>The runtime's own messages (Identify, selections, status), written as protobuf by the transport.</summary>
    public const int System = 22;
}
