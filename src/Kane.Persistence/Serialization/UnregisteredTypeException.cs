namespace Kane.Persistence.Serialization;

/// <summary>An event or snapshot of a type that has no type tag; the write is rejected and the actor continues.</summary>
public sealed class UnregisteredTypeException(Type type)
    : Exception($"{type.FullName} has no type tag. Register it with EventSerializerRegistry.Register<{type.Name}>(\"a-stable-tag\") before persisting it.")
{
    public Type Type { get; } = type;
}
