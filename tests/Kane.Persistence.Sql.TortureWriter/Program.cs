using Kane.Actor;
using Kane.Persistence;
using Kane.Persistence.Serialization;
using Kane.Persistence.Sql;
using Kane.Persistence.Sql.TortureWriter;
using Kane.Shutdown;

// usage: Kane.Persistence.Sql.TortureWriter (sqlite:PATH | postgres:CONNSTRING) PERSISTENCE_ID [--recover-only] [--written]
// Prints "recovered N" once recovery completes, then the sequence number of every event the journal acknowledged,
// one per line, flushed, until it is killed. With --recover-only it exits after the first line; with --written it
// persists with JournalDurability.Written.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: TortureWriter (sqlite:PATH | postgres:CONNSTRING) PERSISTENCE_ID [--recover-only]");
    return 2;
}
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
using var system = ActorSystem.Create("torture", ActorSystemSettings.Default with
{
    CoordinatedShutdown = CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
});
SqlPersistence.Install(system, args[0], TortureWriter.Registry());
var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
system.ActorOf(Props.Create(() => new TortureWriter(args[1], stdout, args.Contains("--recover-only"), args.Contains("--written"), done)), "writer");
return await done.Task;

namespace Kane.Persistence.Sql.TortureWriter
{
    /// <summary>The event: it carries the sequence number it was meant to get, so a check can see misplaced rows.</summary>
    public sealed record Beat(long N);

    /// <summary>Persists events as fast as the journal takes them, with a window of writes in flight.</summary>
    public sealed class TortureWriter : ReceivePersistentActor
    {
        private const int Window = 64;
        private readonly StreamWriter _out;
        private readonly JournalDurability _durability;

        public TortureWriter(string id, StreamWriter stdout, bool recoverOnly, bool written, TaskCompletionSource<int> done)
        {
            PersistenceId = id;
            _out = stdout;
            _durability = written ? JournalDurability.Written : JournalDurability.Synced;
            long expected = 0;
            Recover<Beat>(b =>
            {
                if (b.N != ++expected) done.TrySetResult(3);
            });
            Recover<RecoveryCompleted>(_ =>
            {
                _out.WriteLine($"recovered {LastSequenceNr}");
                if (recoverOnly) done.TrySetResult(expected == LastSequenceNr ? 0 : 3);
                else Self.Tell("go");
            });
            Command<string>(_ =>
            {
                for (var i = 1; i <= Window; i++) Next(LastSequenceNr + i);
            });
        }

        public override string PersistenceId { get; }

        public static EventSerializerRegistry Registry() => new EventSerializerRegistry().Register<Beat>("torture-beat");

        private void Next(long n) => PersistAsync(new Beat(n), b =>
        {
            _out.WriteLine(b.N);
            Next(b.N + Window);
        }, _durability);
    }
}
