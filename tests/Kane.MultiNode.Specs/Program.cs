using Kane.MultiNode;

// Every spec run starts this assembly once per role; the test host never calls Main.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Kane.MultiNode.Specs;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (MultiNodeHost.IsNodeInvocation(args)) return await MultiNodeHost.RunAsync(args);
        await Console.Error.WriteLineAsync("Kane.MultiNode.Specs runs under `dotnet test`; the runner starts it with --multinode-spec for each role.");
        return 2;
    }
}
