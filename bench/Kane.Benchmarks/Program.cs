using Kane.Benchmarks.Benches;

var benches = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["pingpong"] = PingPongBench.Run,
    ["spawn"] = SpawnBench.Run,
    ["ask"] = AskBench.Run,
    ["journal"] = JournalBench.Run,
    ["journal-crash"] = JournalCrashBench.Run,
    ["remote"] = RemoteBench.Run,
    ["failover"] = FailoverBench.Run,
    ["sharding"] = ShardingBench.Run,
    ["coordination"] = CoordinationBench.Run,
    ["organize"] = OrganizeBench.Run,
    ["hash"] = HashBench.Run,
    ["dedup"] = DedupBench.Run,
    ["jobview"] = JobViewBench.Run,
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var bench))
{
    Console.Error.WriteLine($"usage: ./build.sh bench NAME [options]; NAME is one of: {string.Join(", ", benches.Keys)}");
    return 2;
}
if (BenchSupport.StringOption(args, "dispatcher") is { } kind)
    BenchSupport.DefaultDispatcher = Enum.Parse<Kane.Actor.DispatcherKind>(kind, ignoreCase: true);
return await bench(args[1..]);
