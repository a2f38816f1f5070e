// The process the mover's SIGKILL torture test kills: it opens a run's move journal, finishes what an earlier
// (killed) process left, then carries out every operation of the manifest (moves, duplicate deletions and links)
// on two threads, printing "moved I" after each move
// returns, and "all done" at the end. Usage: MANIFEST JOURNAL_DIR RUN_ID. Exit 0 when every move succeeded.
using System.Text.Json;
using Kane.Organize.Hashing;
using Kane.Organize.Moving;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Kane.Organize.MoveTortureHost MANIFEST JOURNAL_DIR RUN_ID");
    return 2;
}
var lines = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(args[0]))!;
var requests = lines.Select(l => new MoveRequest(l[0], l[1], long.Parse(l[2]), new Hash128(ulong.Parse(l[3]), ulong.Parse(l[4])), Enum.Parse<MoveKind>(l[5]))).ToArray();
using var journal = MoveJournal.Open(args[1], args[2]);
var resumed = MoveRecovery.Resume(journal);
Console.WriteLine($"resumed {resumed.Count}");
foreach (var failed in resumed.Where(r => !r.Succeeded))
    Console.Error.WriteLine($"resume: {failed}");
var failures = 0;
Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
{
    var result = SafeMover.Move(requests[i], journal);
    if (result.Succeeded)
    {
        Console.WriteLine($"moved {i}");
    }
    else
    {
        Interlocked.Increment(ref failures);
        Console.Error.WriteLine($"{i}: {result}");
    }
});
Console.WriteLine("all done");
return failures == 0 ? 0 : 1;
