using Kane.Actor;

namespace Kane.MultiNode.Specs;

/// <summary>Answers every message with itself.</summary>
public sealed class Echo : ReceiveActor
{
    public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
}

/// <summary>Answers every string with the name of the role it runs on and the message.</summary>
public sealed class Greeter : ReceiveActor
{
    public Greeter(string role) => Receive<string>(m => Sender.Tell($"{role}: {m}", Self));
}
