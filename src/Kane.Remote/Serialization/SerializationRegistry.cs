using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Google.Protobuf;
using Kane.Configuration;

namespace Kane.Remote.Serialization;

/// <summary>
/// Which message types may cross the wire, each under an explicit tag. The receiving side looks the tag up here and
/// only ever instantiates the type registered for it: a type name read from the wire decides nothing. Both sides
/// must register the same tags; an unknown tag is dropped with a log line naming it.
/// </summary>
/// <remarks>
/// User messages default to System.Text.Json with a source-generated <see cref="JsonTypeInfo{T}"/>; protobuf
/// messages may be registered too. Strings, 32/64-bit integers and byte arrays are built in.
/// </remarks>
public sealed class SerializationRegistry
{
    private readonly ConcurrentDictionary<Type, SerializerBinding> _byType = new();
    private readonly ConcurrentDictionary<string, SerializerBinding> _byTag = new(StringComparer.Ordinal);

    public SerializationRegistry()
    {
        Add(new SerializerBinding("kane.string", typeof(string), SerializerIds.Primitives, m => Encoding.UTF8.GetBytes((string)m), d => Encoding.UTF8.GetString(d.Span)));
        Add(new SerializerBinding("kane.int32", typeof(int), SerializerIds.Primitives, m => BitConverter.GetBytes((int)m), d => BitConverter.ToInt32(d.Span)));
        Add(new SerializerBinding("kane.int64", typeof(long), SerializerIds.Primitives, m => BitConverter.GetBytes((long)m), d => BitConverter.ToInt64(d.Span)));
        Add(new SerializerBinding("kane.bytes", typeof(byte[]), SerializerIds.Primitives, m => (byte[])m, d => d.ToArray()));
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="tag"/>, written as JSON by a source-generated type info.</summary>
    /// <exception cref="ArgumentException">The tag or the type is already registered to something else.</exception>
    public SerializationRegistry AddJson<T>(string tag, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Add(new SerializerBinding(tag, typeof(T), SerializerIds.Json,
            m => JsonSerializer.SerializeToUtf8Bytes((T)m, typeInfo),
            d => JsonSerializer.Deserialize(d.Span, typeInfo) ?? throw new JsonException($"'{tag}' decoded to null.")));
    }

    /// <summary>Registers a protobuf message type under <paramref name="tag"/>.</summary>
    public SerializationRegistry AddProtobuf<T>(string tag) where T : IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Add(new SerializerBinding(tag, typeof(T), SerializerIds.Protobuf, m => ((IMessage)m).ToByteArray(), d => parser.ParseFrom(d.Span)));
    }

    /// <summary>The registry described by a <c>kane.remote.serialization</c> section (see reference.conf).</summary>
    /// <exception cref="ArgumentException">A binding names a type that does not load, or that no listed JSON context knows.</exception>
    public static SerializationRegistry FromConfig(Config section)
    {
        var registry = new SerializationRegistry();
        var contexts = section.HasPath("json-contexts") ? section.GetStringList("json-contexts").Select(LoadContext).ToList() : [];
        if (section.HasPath("bindings"))
        {
            foreach (var (tag, value) in section.GetConfig("bindings").Root)
            {
                var typeName = value is HoconScalar s ? s.Text : throw new ArgumentException($"kane.remote.serialization.bindings.{tag} must be a type name, e.g. \"MyApp.Ping, MyApp\".", "serialization.bindings");
                var type = Type.GetType(typeName, throwOnError: false)
                    ?? throw new ArgumentException($"kane.remote.serialization.bindings.{tag} = \"{typeName}\": no such type (use \"Namespace.Type, Assembly\").", "serialization.bindings");
                var info = contexts.Select(c => c.GetTypeInfo(type)).FirstOrDefault(i => i is not null)
                    ?? throw new ArgumentException($"kane.remote.serialization.bindings.{tag}: none of kane.remote.serialization.json-contexts has a type info for {type.FullName}; add [JsonSerializable(typeof({type.Name}))] to one.", "serialization.bindings");
                registry.Add(new SerializerBinding(tag, type, SerializerIds.Json,
                    m => JsonSerializer.SerializeToUtf8Bytes(m, info),
                    d => JsonSerializer.Deserialize(d.Span, info) ?? throw new JsonException($"'{tag}' decoded to null.")));
            }
        }
        return registry;
    }

    private static JsonSerializerContext LoadContext(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is null || !typeof(JsonSerializerContext).IsAssignableFrom(type))
            throw new ArgumentException($"kane.remote.serialization.json-contexts: \"{typeName}\" is not a JsonSerializerContext type.", "serialization.json-contexts");
        return type.GetProperty("Default")?.GetValue(null) as JsonSerializerContext
            ?? throw new ArgumentException($"kane.remote.serialization.json-contexts: {typeName} has no static Default instance (is it source-generated?).", "serialization.json-contexts");
    }

    internal bool TryGet(Type type, out SerializerBinding binding) => _byType.TryGetValue(type, out binding!);

    internal bool TryGet(string tag, out SerializerBinding binding) => _byTag.TryGetValue(tag, out binding!);

    private SerializationRegistry Add(SerializerBinding binding)
    {
        ArgumentException.ThrowIfNullOrEmpty(binding.Tag);
        if (_byTag.TryGetValue(binding.Tag, out var existing) && existing.Type != binding.Type)
            throw new ArgumentException($"Serialization tag '{binding.Tag}' is already bound to {existing.Type.FullName}; cannot bind it to {binding.Type.FullName}.");
        if (_byType.TryGetValue(binding.Type, out var byType) && byType.Tag != binding.Tag)
            throw new ArgumentException($"{binding.Type.FullName} is already registered under tag '{byType.Tag}'.");
        _byTag[binding.Tag] = binding;
        _byType[binding.Type] = binding;
        return this;
    }
}
