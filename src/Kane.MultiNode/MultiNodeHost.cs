using System.Globalization;
using Kane.Actor;
using Kane.MultiNode.Internal;
using Kane.Remote;
using Microsoft.Extensions.Logging;

namespace Kane.MultiNode;

/// <summary>
/// The entry point of a node process. A spec assembly is also the node executable: its <c>Main</c> calls
/// <see cref="RunAsync"/>, which the runner invokes as <c>dotnet Specs.dll --multinode-spec TYPE --role NAME ...</c>.
/// </summary>
public static class MultiNodeHost
{
    /// <summary>Exit code of a node whose spec failed.</summary>
    public const int FailedExitCode = 1;

    /// <summary>Exit code of a node that lost its controller (the test process went away): it never outlives it.</summary>
    public const int ControllerLostExitCode = 97;

    /// <summary>True when <paramref name="args"/> are a node invocation from the runner.</summary>
    public static bool IsNodeInvocation(string[] args) => NodeArguments.IsNodeInvocation(args);

    /// <summary>Runs one role of a spec: starts its actor system, runs the spec body and the closing barrier.</summary>
    /// <returns>The process exit code: 0 when the spec passed on this node, <see cref="FailedExitCode"/> otherwise.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = NodeArguments.Parse(args);
        Console.WriteLine($"multi-node: {arguments.SpecType} role {arguments.Role} incarnation {arguments.Incarnation.ToString(CultureInfo.InvariantCulture)}");
        // KANE_MULTINODE_LOG_LEVEL (e.g. Debug) for a closer look at one spec; Information by default.
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("KANE_MULTINODE_LOG_LEVEL"), ignoreCase: true, out var l) ? l : LogLevel.Information;
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(level)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));
        await using var controller = await ControlConnection.ConnectAsync(arguments.ControllerHost, arguments.ControllerPort, CancellationToken.None);
        var finished = 0;
        MultiNodeSpec? spec = null;
        controller.OnRequest = request => HandleAsync(spec, request);
        controller.OnMessage = message =>
        {
            if (message is ["exit", var code]) _ = ExitAsync(spec, int.Parse(code, CultureInfo.InvariantCulture));
        };
        _ = Task.Run(async () =>
        {
            await controller.ReadLoopAsync(CancellationToken.None).ConfigureAwait(false);
            if (Volatile.Read(ref finished) == 0)
            {
                Console.Error.WriteLine("multi-node: the controller closed the connection; exiting");
                Environment.Exit(ControllerLostExitCode);
            }
        });
        try
        {
            NodeContext.Current = new NodeContext(arguments, controller);
            var type = Type.GetType(arguments.SpecType, throwOnError: true)!;
            spec = (MultiNodeSpec)Activator.CreateInstance(type)!;
            spec.StartSystem(loggerFactory);
            Console.WriteLine($"multi-node: system up at {spec.Sys.Address}");
            await controller.SendAsync("hello", arguments.Role.Name, arguments.Incarnation.ToString(CultureInfo.InvariantCulture));
            await spec.RunBodyAsync();
            await spec.EnterBarrierAsync(MultiNodeSpec.EndBarrier);
            Volatile.Write(ref finished, 1);
            await controller.SendAsync("done");
            await spec.Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
            Console.WriteLine("multi-node: passed");
            return 0;
        }
        catch (Exception e)
        {
            Volatile.Write(ref finished, 1);
            Console.Error.WriteLine($"multi-node: FAILED on {arguments.Role}: {e}");
            try { await controller.SendAsync("fail", $"{e.GetType().Name}: {e.Message}"); } catch (Exception) { }
            return FailedExitCode;
        }
    }

    /// <summary>Link commands from the controller: <c>link blackhole|passthrough|throttle ADDRESS OUT IN RATE</c>.</summary>
    private static Task<string?> HandleAsync(MultiNodeSpec? spec, string[] request)
    {
        if (spec is null) return Task.FromResult<string?>("the node has not started yet");
        if (request is not ["link", var mode, var address, var outbound, var inbound, var rate])
            return Task.FromResult<string?>($"unknown request '{string.Join(' ', request)}'");
        var remote = Address.Parse(address);
        var links = spec.Sys.Transport().Links;
        bool o = outbound == "1", i = inbound == "1";
        switch (mode)
        {
            case "blackhole": links.Blackhole(remote, o, i); break;
            case "passthrough": links.PassThrough(remote, o, i); break;
            case "throttle": links.Throttle(remote, double.Parse(rate, CultureInfo.InvariantCulture)); break;
            default: return Task.FromResult<string?>($"unknown link mode '{mode}'");
        }
        Console.WriteLine($"multi-node: link to {address}: {mode} out={outbound} in={inbound} {rate}");
        return Task.FromResult<string?>(null);
    }

    private static async Task ExitAsync(MultiNodeSpec? spec, int code)
    {
        Console.WriteLine($"multi-node: told to exit with code {code.ToString(CultureInfo.InvariantCulture)}");
        if (spec is not null)
        {
            try { await spec.Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
            catch (Exception e) { Console.Error.WriteLine($"multi-node: terminating the system before exit: {e.Message}"); }
        }
        Console.Out.Flush();
        Environment.Exit(code);
    }
}
