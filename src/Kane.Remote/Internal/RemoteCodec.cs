using System.Collections.Concurrent;
using Google.Protobuf;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Remote.Internal.Wire;
using Kane.Remote.Serialization;

namespace Kane.Remote.Internal;

/// <summary>
/// Turns messages into <see cref="Payload"/>s and back, and references into wire paths and back. The runtime's own
/// messages are written here as protobuf (serializer 22); everything else goes through the registry by tag.
/// </summary>
internal sealed class RemoteCodec(RemoteTransport transport, SerializationRegistry registry)
{
    private const int RefCacheLimit = 50_000;
    private readonly ConcurrentDictionary<string, InternalActorRef> _refs = new(StringComparer.Ordinal);

    /// <exception cref="NotSupportedException">No tag is registered for the message's type.</exception>
    public Payload Serialize(object message)
    {
        switch (message)
        {
            case Identify identify:
                return System("kane.identify", new IdentifyMessage { MessageId = Optional(identify.MessageId) });
            case ActorIdentity identity:
                return System("kane.actor-identity", new ActorIdentityMessage { MessageId = Optional(identity.MessageId), Subject = SerializeRef(identity.Subject) });
            case ActorSelectionMessage selection:
                var wire = new SelectionMessage { Message = Serialize(selection.Message), Index = selection.Index, WildcardFanOut = selection.WildcardFanOut };
                wire.Elements.AddRange(selection.Elements);
                return System("kane.selection", wire);
            case PoisonPill:
                return new Payload { SerializerId = SerializerIds.System, Tag = "kane.poison-pill" };
            case Kill:
                return new Payload { SerializerId = SerializerIds.System, Tag = "kane.kill" };
            case Status.Success success:
                return System("kane.status-success", new StatusSuccessMessage { Status = Optional(success.Status) });
            case Status.Failure failure:
                return System("kane.status-failure", new StatusFailureMessage { ExceptionType = failure.Cause.GetType().FullName ?? "Exception", Message = failure.Cause.Message });
        }
        if (!registry.TryGet(message.GetType(), out var binding))
            throw new NotSupportedException($"no serialization tag is registered for {message.GetType().FullName} (RemoteSettings.Serialization.AddJson or kane.remote.serialization.bindings)");
        return new Payload { SerializerId = binding.SerializerId, Tag = binding.Tag, Data = UnsafeByteOperations.UnsafeWrap(binding.Write(message)) };
    }

    /// <summary>The message, or null with <paramref name="error"/> saying why (an unknown tag above all).</summary>
    public object? Deserialize(Payload payload, out string? error)
    {
        error = null;
        if (payload.SerializerId == SerializerIds.System) return DeserializeSystem(payload, out error);
        if (!registry.TryGet(payload.Tag, out var binding) || binding.SerializerId != payload.SerializerId)
        {
            error = "unknown-tag";
            return null;
        }
        return binding.Read(payload.Data.Memory);
    }

    private object? DeserializeSystem(Payload payload, out string? error)
    {
        error = null;
        var data = payload.Data.Span;
        switch (payload.Tag)
        {
            case "kane.identify":
                return new Identify(OptionalBack(IdentifyMessage.Parser.ParseFrom(data).MessageId, out error));
            case "kane.actor-identity":
                var identity = ActorIdentityMessage.Parser.ParseFrom(data);
                return new ActorIdentity(OptionalBack(identity.MessageId, out error), ResolveRef(identity.Subject));
            case "kane.selection":
                var selection = SelectionMessage.Parser.ParseFrom(data);
                var inner = Deserialize(selection.Message, out error);
                return inner is null ? null : new ActorSelectionMessage(inner, [.. selection.Elements], selection.Index, selection.WildcardFanOut);
            case "kane.poison-pill":
                return PoisonPill.Instance;
            case "kane.kill":
                return Kill.Instance;
            case "kane.status-success":
                return new Status.Success(OptionalBack(StatusSuccessMessage.Parser.ParseFrom(data).Status, out error));
            case "kane.status-failure":
                var failure = StatusFailureMessage.Parser.ParseFrom(data);
                return new Status.Failure(new RemoteFailureException(failure.ExceptionType, failure.Message));
            default:
                error = "unknown-tag";
                return null;
        }
    }

    private static Payload System(string tag, IMessage body) =>
        new() { SerializerId = SerializerIds.System, Tag = tag, Data = body.ToByteString() };

    private Payload? Optional(object? message) => message is null ? null : Serialize(message);

    private object? OptionalBack(Payload? payload, out string? error)
    {
        error = null;
        return payload is null ? null : Deserialize(payload, out error);
    }

    /// <summary>The wire form of a reference; empty for no sender.</summary>
    public string SerializeRef(IActorRef? actor)
    {
        switch (actor)
        {
            case null:
                return "";
            case RemoteActorRef remote:
                return remote.WirePath;
            case LocalActorRef local:
                return local.Path.ToSerializationFormat();
            case InternalActorRef { IsLocal: true } temp when !ReferenceEquals(temp, transport.System.DeadLetters):
                transport.TempRefs.Register(temp);
                return temp.Path.ToSerializationFormat();
            default:
                return "";
        }
    }

    /// <summary>The reference for a wire path: local (or dead letters) for this system's address, remote otherwise.</summary>
    public InternalActorRef? ResolveRef(string wirePath)
    {
        if (wirePath.Length == 0) return null;
        if (_refs.TryGetValue(wirePath, out var cached)) return cached;
        if (!ActorPath.TryParse(wirePath, out var path)) return null;
        var resolved = transport.Resolve(path);
        // Cached only when the uid pins one incarnation, so a recreated actor at the same path is found afresh.
        if (path.Uid != 0 && resolved is LocalActorRef or RemoteActorRef)
        {
            if (_refs.Count >= RefCacheLimit) _refs.Clear();
            _refs[wirePath] = resolved;
        }
        return resolved;
    }

    /// <summary>Forgets cached local refs of a stopped actor (called rarely; the cache is bounded anyway).</summary>
    public void Clear() => _refs.Clear();
}
