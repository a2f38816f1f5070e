namespace Kane.Remote.Serialization;

/// <summary>One registered message type: its tag on the wire, its serializer, and how to write and read it.</summary>
internal sealed class SerializerBinding(string tag, Type type, int serializerId, Func<object, ReadOnlyMemory<byte>> write, Func<ReadOnlyMemory<byte>, object> read)
{
    public string Tag { get; } = tag;

    public Type Type { get; } = type;

    public int SerializerId { get; } = serializerId;

    public ReadOnlyMemory<byte> Write(object message) => write(message);

    public object Read(ReadOnlyMemory<byte> data) => read(data);
}
