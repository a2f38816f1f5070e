using System.Text.Json.Serialization;
using Kane.Actor;
using Kane.Remote.Serialization;

namespace Kane.Remote.Tests;

public sealed record Greeting(string Text, int Number);

public sealed record Blob(string Data);

public sealed record OnlyOnOneSide(string Text);

[JsonSerializable(typeof(Greeting))]
[JsonSerializable(typeof(Blob))]
[JsonSerializable(typeof(OnlyOnOneSide))]
public sealed partial class TestJsonContext : JsonSerializerContext;

public sealed class Echo : ReceiveActor
{
    public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
}

/// <summary>Forwards everything it receives to a probe, with the original sender.</summary>
public sealed class Forwarder : ReceiveActor
{
    public Forwarder(IActorRef target) => ReceiveAny(m => target.Tell(m, Sender));
}

internal static class TestRegistry
{
    public static SerializationRegistry Create(bool withOneSided = false)
    {
        var registry = new SerializationRegistry()
            .AddJson("test.greeting", TestJsonContext.Default.Greeting)
            .AddJson("test.blob", TestJsonContext.Default.Blob);
        if (withOneSided) registry.AddJson("test.one-sided", TestJsonContext.Default.OnlyOnOneSide);
        return registry;
    }
}
