using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

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
    private readonly ConcurrentDictionary<Type, Registration> _byType = [];
    // Resolved manifests (aliases followed, upcasters collected), read without the lock on every replayed row;
    // emptied under the lock by every registration change.
    private readonly ConcurrentDictionary<string, ReadPlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Registration> _byTag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tag, int From), Func<JsonNode, JsonNode>> _upcasters = [];
    private readonly JsonSerializerOptions _options;

    /// <param name="options">Copied, so the registry can resolve and cache each type's metadata without locking the caller's instance.</param>
    public EventSerializerRegistry(JsonSerializerOptions? options = null)
    {
        _options = options is null ? new JsonSerializerOptions(JsonSerializerDefaults.General) : new JsonSerializerOptions(options);
        _options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        _options.MakeReadOnly();
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="tag"/>; <paramref name="version"/> is its current shape.</summary>
    public EventSerializerRegistry Register<T>(string tag, int version = 1) => Register(typeof(T), tag, version);

    /// <summary>
    /// Registers <typeparamref name="T"/> under <paramref name="tag"/> with metadata of its own, typically from a
    /// System.Text.Json source-generated context (no reflection, trim-safe; the context's options apply to this type).
    /// </summary>
    public EventSerializerRegistry Register<T>(string tag, JsonTypeInfo<T> typeInfo, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Register(typeof(T), tag, version, typeInfo);
    }

    /// <inheritdoc cref="Register{T}(string, int)"/>
    public EventSerializerRegistry Register(Type type, string tag, int version = 1) => Register(type, tag, version, null);

    private EventSerializerRegistry Register(Type type, string tag, int version, JsonTypeInfo? typeInfo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        if (tag.Contains('@')) throw new ArgumentException($"Type tag '{tag}' must not contain '@' (it separates the version).", nameof(tag));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        lock (_lock)
        {
            if (_byTag.TryGetValue(tag, out var existing) && existing.Type != type)
                throw new ArgumentException($"Type tag '{tag}' is already registered for {existing.Type.Name}.", nameof(tag));
            var registration = new Registration(type, tag, version, _options, typeInfo);
            _byType[type] = registration;
            _byTag[tag] = registration;
            _plans.Clear();
        }
        return this;
    }

    /// <summary>Reads rows stored under <paramref name="oldTag"/> as <paramref name="tag"/> (a renamed event type).</summary>
    public EventSerializerRegistry Alias(string oldTag, string tag)
    {
        lock (_lock)
        {
            _aliases[oldTag] = tag;
            _plans.Clear();
        }
        return this;
    }

    /// <summary>Converts the JSON of a <paramref name="tag"/> row written at <paramref name="fromVersion"/> to the next version.</summary>
    public EventSerializerRegistry Upcast(string tag, int fromVersion, Func<JsonNode, JsonNode> upcast)
    {
        lock (_lock)
        {
            _upcasters[(tag, fromVersion)] = upcast;
            _plans.Clear();
        }
        return this;
    }

    /// <summary>True when <paramref name="type"/> has a tag.</summary>
    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    /// <summary>Serializes <paramref name="value"/>; throws <see cref="UnregisteredTypeException"/> for a type without a tag.</summary>
    public (string Manifest, int SerializerId, byte[] Payload) Serialize(object value)
    {
        if (!_byType.TryGetValue(value.GetType(), out var registration)) throw new UnregisteredTypeException(value.GetType());
        return (registration.Manifest, JsonSerializerId, JsonSerializer.SerializeToUtf8Bytes(value, registration.TypeInfo));
    }

    /// <summary>Reads a payload written under <paramref name="manifest"/>, following aliases and upcasters.</summary>
    /// <exception cref="UnknownManifestException">The tag is not registered, or a version gap has no upcaster.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object Deserialize(string manifest, int serializerId, ReadOnlySpan<byte> payload)
    {
        if (serializerId != JsonSerializerId) throw new UnknownManifestException(manifest, $"serializer id {serializerId} is not known (only {JsonSerializerId}, JSON)");
        if (!_plans.TryGetValue(manifest, out var plan)) plan = Resolve(manifest);
        if (plan.Upcasters.Length == 0) return JsonSerializer.Deserialize(payload, plan.Registration.TypeInfo)!;
        var node = JsonNode.Parse(payload)!;
        foreach (var up in plan.Upcasters) node = up(node);
        return node.Deserialize(plan.Registration.TypeInfo)!;
    }

    private ReadPlan Resolve(string manifest)
    {
        var (tag, version) = Parse(manifest);
        lock (_lock)
        {
            var seen = 0;
            while (_aliases.TryGetValue(tag, out var renamed) && seen++ < 32) tag = renamed;
            if (!_byTag.TryGetValue(tag, out var registration)) throw new UnknownManifestException(manifest, "no type is registered under this tag");
            if (version > registration.Version) throw new UnknownManifestException(manifest, $"it is newer than the registered version {registration.Version}");
            var upcasters = new List<Func<JsonNode, JsonNode>>();
            for (var v = version; v < registration.Version; v++)
            {
                if (!_upcasters.TryGetValue((tag, v), out var up)) throw new UnknownManifestException(manifest, $"no upcaster from version {v} to {v + 1}");
                upcasters.Add(up);
            }
            var plan = new ReadPlan(registration, [.. upcasters]);
            _plans[manifest] = plan;
            return plan;
        }
    }

    private static (string Tag, int Version) Parse(string manifest)
    {
        var at = manifest.LastIndexOf('@');
        if (at < 0) return (manifest, 1);
        return int.TryParse(manifest.AsSpan(at + 1), out var v) && v >= 1 ? (manifest[..at], v) : throw new UnknownManifestException(manifest, "its version is not a positive number");
    }

    private sealed record Registration(Type Type, string Tag, int Version, JsonSerializerOptions Options, JsonTypeInfo? Given)
    {
        private JsonTypeInfo? _typeInfo = Given;

        public string Manifest { get; } = $"{Tag}@{Version}";

        /// <summary>Resolved on first use, so a type that cannot be serialized is rejected when persisted, as before the cache.</summary>
        public JsonTypeInfo TypeInfo => _typeInfo ??= Options.GetTypeInfo(Type);
    }

    private sealed record ReadPlan(Registration Registration, Func<JsonNode, JsonNode>[] Upcasters);
}
