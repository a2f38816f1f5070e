namespace Kane.Shutdown;

/// <summary>Orders shutdown phases so that each runs after the phases it depends on (a pure topological sort).</summary>
internal static class PhaseOrder
{
    public static IReadOnlyList<string> Sort(IReadOnlyDictionary<string, PhaseSettings> phases)
    {
        foreach (var (name, phase) in phases)
        {
            if (phase.Timeout <= TimeSpan.Zero)
                throw new ArgumentException($"Invalid setting kane.coordinated-shutdown.phases.{name}.timeout = {phase.Timeout}: it must be positive.");
            foreach (var dependency in phase.DependsOn)
                if (!phases.ContainsKey(dependency))
                    throw new ArgumentException($"Invalid setting kane.coordinated-shutdown.phases.{name}.depends-on: unknown phase '{dependency}'.");
        }
        var order = new List<string>(phases.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in phases.Keys.Order(StringComparer.Ordinal)) Visit(name, phases, state, order, []);
        return order;
    }

    private static void Visit(string name, IReadOnlyDictionary<string, PhaseSettings> phases, Dictionary<string, int> state, List<string> order, List<string> path)
    {
        if (state.TryGetValue(name, out var s))
        {
            if (s == 1)
                throw new ArgumentException($"Invalid setting kane.coordinated-shutdown.phases: cycle in depends-on: {string.Join(" -> ", path.SkipWhile(p => p != name))} -> {name}.");
            return;
        }
        state[name] = 1;
        path.Add(name);
        foreach (var dependency in phases[name].DependsOn.Order(StringComparer.Ordinal)) Visit(dependency, phases, state, order, path);
        path.RemoveAt(path.Count - 1);
        state[name] = 2;
        order.Add(name);
    }
}
