using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kane.Persistence.Serialization;

/// <summary>
/// Maps event and snapshot types to stable type tags (the manifest stored with each row is <c>tag@version</c>). Only
/// registered tags are ever instantiated: a manifest read from a database selects a registration, never a CLR type.
/// An event type can be renamed (<see cref="Alias"/>) or reshaped (<see cref="Upcast"/>) without losing old journals.
/// </summary>
public sealed class EventSerializerRegistry
{
    /// <summary>The serializer id stored with rows written through this registry (System.Text.Json).</summary>
    public const int JsonSerializerId = 1;

    private readonly Lock _lock = new();
    private readonly Dictionary<Type, Registration> _byType = [];
    private readonly Dictionary<string, Registration> _byTag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tag, int From), Func<JsonNode, JsonNode>> _upcasters = [];
    private readonly JsonSerializerOptions _options;

    public EventSerializerRegistry(JsonSerializerOptions? options = null) => _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.General);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="tag"/>; <paramref name="version"/> is its current shape.</summary>
    public EventSerializerRegistry Register<T>(string tag, int version = 1) => Register(typeof(T), tag, version);

    /// <inheritdoc cref="Register{T}"/>
    public EventSerializerRegistry Register(Type type, string tag, int version = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        if (tag.Contains('@')) throw new ArgumentException($"Type tag '{tag}' must not contain '@' (it separates the version).", nameof(tag));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        lock (_lock)
        {
            if (_byTag.TryGetValue(tag, out var existing) && existing.Type != type)
                throw new ArgumentException($"Type tag '{tag}' is already registered for {existing.Type.Name}.", nameof(tag));
            var registration = new Registration(type, tag, version);
            _byType[type] = registration;
            _byTag[tag] = registration;
        }
        return this;
    }

    /// <summary>Reads rows stored under <paramref name="oldTag"/> as <paramref name="tag"/> (a renamed event type).</summary>
    public EventSerializerRegistry Alias(string oldTag, string tag)
    {
        lock (_lock) _aliases[oldTag] = tag;
        return this;
    }

    /// <summary>Converts the JSON of a <paramref name="tag"/> row written at <paramref name="fromVersion"/> to the next version.</summary>
    public EventSerializerRegistry Upcast(string tag, int fromVersion, Func<JsonNode, JsonNode> upcast)
    {
        lock (_lock) _upcasters[(tag, fromVersion)] = upcast;
        return this;
    }

    /// <summary>True when <paramref name="type"/> has a tag.</summary>
    public bool IsRegistered(Type type)
    {
        lock (_lock) return _byType.ContainsKey(type);
    }

    /// <summary>Serializes <paramref name="value"/>; throws <see cref="UnregisteredTypeException"/> for a type without a tag.</summary>
    public (string Manifest, int SerializerId, byte[] Payload) Serialize(object value)
    {
        Registration registration;
        lock (_lock)
        {
            if (!_byType.TryGetValue(value.GetType(), out registration!)) throw new UnregisteredTypeException(value.GetType());
        }
        var payload = JsonSerializer.SerializeToUtf8Bytes(value, registration.Type, _options);
        return (registration.Manifest, JsonSerializerId, payload);
    }

    /// <summary>Reads a payload written under <paramref name="manifest"/>, following aliases and upcasters.</summary>
    /// <exception cref="UnknownManifestException">The tag is not registered, or a version gap has no upcaster.</exception>
    public object Deserialize(string manifest, int serializerId, ReadOnlySpan<byte> payload)
    {
        if (serializerId != JsonSerializerId) throw new UnknownManifestException(manifest, $"serializer id {serializerId} is not known (only {JsonSerializerId}, JSON)");
        var (tag, version) = Parse(manifest);
        Registration registration;
        var upcasters = new List<Func<JsonNode, JsonNode>>();
        lock (_lock)
        {
            var seen = 0;
            while (_aliases.TryGetValue(tag, out var renamed) && seen++ < 32) tag = renamed;
            if (!_byTag.TryGetValue(tag, out registration!)) throw new UnknownManifestException(manifest, "no type is registered under this tag");
            if (version > registration.Version) throw new UnknownManifestException(manifest, $"it is newer than the registered version {registration.Version}");
            for (var v = version; v < registration.Version; v++)
            {
                if (!_upcasters.TryGetValue((tag, v), out var up)) throw new UnknownManifestException(manifest, $"no upcaster from version {v} to {v + 1}");
                upcasters.Add(up);
            }
        }
        if (upcasters.Count == 0) return JsonSerializer.Deserialize(payload, registration.Type, _options)!;
        var node = JsonNode.Parse(payload)!;
        foreach (var up in upcasters) node = up(node);
        return node.Deserialize(registration.Type, _options)!;
    }

    private static (string Tag, int Version) Parse(string manifest)
    {
        var at = manifest.LastIndexOf('@');
        if (at < 0) return (manifest, 1);
        return int.TryParse(manifest.AsSpan(at + 1), out var v) && v >= 1 ? (manifest[..at], v) : throw new UnknownManifestException(manifest, "its version is not a positive number");
    }

    private sealed record Registration(Type Type, string Tag, int Version)
    {
        public string Manifest { get; } = $"{Tag}@{Version}";
    }
}
