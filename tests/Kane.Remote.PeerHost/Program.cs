using Kane.Actor;
using Kane.Remote;

// The other OS process of the cross-process remoting tests: a remote system named "peer" on the port and with the
// secret given as arguments, with an echo actor at /user/echo. It prints "ready <address>" and runs until killed.
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var secret = args[1];
var remote = RemoteSettings.Default with { Port = port, Secret = secret };
var settings = ActorSystemSettings.Default.WithRemoting(remote);
var system = ActorSystem.Create("peer", settings);
system.ActorOf(Props.Create(() => new Echo()), "echo");
Console.WriteLine("ready " + system.Address);
await system.WhenTerminated;

internal sealed class Echo : ReceiveActor
{
    public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
}
