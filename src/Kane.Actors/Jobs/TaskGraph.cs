namespace Kane.Actors;

/// <summary>Pure helpers over a job's dependency graph.</summary>
public static class TaskGraph
{
    /// <summary>A dependency cycle among <paramref name="tasks"/> (ids in order, first repeated at the end), or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<KaneTask> tasks)
    {
        var deps = tasks.ToDictionary(t => t.Id, t => t.DependsOn, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var path = new List<string>();
        foreach (var root in deps.Keys)
        {
            if (state.ContainsKey(root))
                continue;
            // Iterative DFS: deep chains (a scan of a deep tree) must not overflow the stack.
            var stack = new Stack<(string Id, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var children = deps.TryGetValue(id, out var d) ? d : [];
                if (next < children.Count)
                {
                    stack.Push((id, next + 1));
                    var child = children[next];
                    if (!deps.ContainsKey(child))
                        continue;
                    if (state.TryGetValue(child, out var s))
                    {
                        if (s == 1)
                            return [.. path[path.IndexOf(child)..], child];
                        continue;
                    }
                    state[child] = 1;
                    path.Add(child);
                    stack.Push((child, 0));
                }
                else
                {
                    state[id] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
        return null;
    }
}
