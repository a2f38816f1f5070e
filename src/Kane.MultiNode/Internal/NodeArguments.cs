using System.Globalization;

namespace Kane.MultiNode.Internal;

/// <summary>What the runner tells a node process on its command line.</summary>
internal sealed record NodeArguments(
    string SpecType,
    RoleName Role,
    int Incarnation,
    string ControllerHost,
    int ControllerPort,
    string Secret,
    string SystemName,
    IReadOnlyDictionary<RoleName, (string Host, int Port)> Nodes)
{
    public const string SpecSwitch = "--multinode-spec";

    public static bool IsNodeInvocation(string[] args) => args.Contains(SpecSwitch);

    public IEnumerable<string> ToArgs()
    {
        yield return SpecSwitch; yield return SpecType;
        yield return "--role"; yield return Role.Name;
        yield return "--incarnation"; yield return Incarnation.ToString(CultureInfo.InvariantCulture);
        yield return "--controller"; yield return $"{ControllerHost}:{ControllerPort.ToString(CultureInfo.InvariantCulture)}";
        yield return "--secret"; yield return Secret;
        yield return "--system"; yield return SystemName;
        foreach (var (role, (host, port)) in Nodes)
        {
            yield return "--node";
            yield return $"{role.Name}={host}:{port.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <exception cref="ArgumentException">A switch is missing or malformed.</exception>
    public static NodeArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var nodes = new Dictionary<RoleName, (string, int)>();
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length) throw new ArgumentException($"'{args[i]}' needs a value");
            if (args[i] == "--node")
            {
                var text = args[++i];
                var eq = text.IndexOf('=', StringComparison.Ordinal);
                var (host, port) = Endpoint(text[(eq + 1)..]);
                nodes[new RoleName(text[..eq])] = (host, port);
            }
            else values[args[i]] = args[++i];
        }
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing {key}");
        var (controllerHost, controllerPort) = Endpoint(Get("--controller"));
        return new NodeArguments(Get(SpecSwitch), new RoleName(Get("--role")), int.Parse(Get("--incarnation"), CultureInfo.InvariantCulture),
            controllerHost, controllerPort, Get("--secret"), Get("--system"), nodes);
    }

    private static (string Host, int Port) Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return (text[..colon], int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}
