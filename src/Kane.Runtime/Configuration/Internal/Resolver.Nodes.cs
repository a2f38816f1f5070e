using System.Runtime.CompilerServices;

namespace Kane.Configuration.Internal;

/// <summary>Resolution of individual nodes: arrays, substitutions and concatenations.</summary>
internal sealed partial class Resolver
{
    /// <summary>
    /// Resolves a node that is a direct definition of the field at <paramref name="path"/>. Only a
    /// substitution or concatenation can be self-referential; objects and arrays that mention
    /// their own field are genuine cycles, as the spec says.
    /// </summary>
    private HoconValue? ResolveDefinition(AstNode node, IReadOnlyList<string>? path)
    {
        if (path is null || node is not (AstSubstitution or AstConcat))
        {
            return ResolveNode(node);
        }

        _selfFrames.Add((path, node));
        try
        {
            return ResolveNode(node);
        }
        finally
        {
            _selfFrames.RemoveAt(_selfFrames.Count - 1);
        }
    }

    /// <summary>Resolves a definition of a field inside an array, whose <c>+=</c> looks back at <paramref name="older"/>.</summary>
    private HoconValue? ResolveInArray(AstNode node, IEnumerable<Layer> older)
    {
        if (node is not AstConcat)
        {
            return ResolveNode(node);
        }

        _olderDefinitions.Push(older);
        try
        {
            return ResolveNode(node);
        }
        finally
        {
            _olderDefinitions.Pop();
        }
    }

    private HoconValue? ResolveNode(AstNode node) => node switch
    {
        AstPreviousValue => ResolveField(path: null, _olderDefinitions.Peek()),
        AstLiteral literal => literal.Value,
        AstObject obj => MergeObjects(obj.Path, [Layer.Of(obj)]),
        AstArray array => ResolveArray(array),
        AstSubstitution substitution => Memoized(node, () => ResolveSubstitution(substitution)),
        AstConcat concat => Memoized(node, () => ResolveConcat(concat)),
        _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name}"),
    };

    private HoconArray ResolveArray(AstArray array)
    {
        var items = new List<HoconValue>();
        foreach (var element in array.Elements)
        {
            if (ResolveNode(element) is { } value)
            {
                items.Add(value); // an undefined ${?x} element is simply left out
            }
        }

        return new HoconArray(items, array.Origin);
    }

    private HoconValue? Memoized(AstNode node, Func<HoconValue?> resolve)
    {
        if (_memo.TryGetValue(node, out var known))
        {
            return known;
        }

        // Deep chains of substitutions recurse; fail cleanly instead of overflowing the stack.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ConfigurationException.At(node.Origin, "substitutions are nested too deeply to resolve");
        }

        var activeAt = _active.IndexOf(node);
        if (activeAt >= 0)
        {
            var chain = _active.Skip(activeAt).OfType<AstSubstitution>().ToList();
            throw new SubstitutionCycleException(chain);
        }

        _active.Add(node);
        HoconValue? value;
        try
        {
            value = resolve();
        }
        finally
        {
            _active.RemoveAt(_active.Count - 1);
        }

        _memo[node] = value;
        return value;
    }

    private HoconValue? ResolveSubstitution(AstSubstitution substitution)
    {
        HoconValue? value;
        AstNode? lookedBackPast = null;
        try
        {
            value = Lookup(substitution.Path, ref lookedBackPast);
            if (value is null && substitution.PrefixLength > 0)
            {
                value = Lookup(substitution.WrittenPath, ref lookedBackPast); // an included file may also mean a root path
            }
        }
        catch (SubstitutionCycleException) when (substitution.Optional)
        {
            value = null; // the spec treats a cycle like a missing value for ${?x}
        }

        if (value is null)
        {
            // An empty environment variable counts as unset, per the spec.
            var fromEnvironment = _environment(string.Join('.', substitution.WrittenPath));
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                value = HoconScalar.String(fromEnvironment, substitution.Origin);
            }
        }

        if (value is null && !substitution.Optional && lookedBackPast is not null)
        {
            // We got here through other substitutions from a definition of the very field we
            // looked up, and nothing older exists: an unbreakable cycle, not a missing value.
            var chain = _active.Skip(_active.IndexOf(lookedBackPast)).OfType<AstSubstitution>().ToList();
            throw new SubstitutionCycleException(chain);
        }

        if (value is null && !substitution.Optional)
        {
            throw new ConfigurationException(
                $"could not resolve substitution {substitution.Text} at {substitution.Origin}",
                substitution.Origin,
                HoconPaths.Render(substitution.WrittenPath));
        }

        // What the source field hid is none of this field's business.
        return value is HoconObject { IgnoresFallbacks: true } hiding ? hiding.MergeableAgain() : value;
    }

    /// <summary>The value at an absolute path, looking back past any self-referential definition in progress.</summary>
    /// <remarks>
    /// <paramref name="lookedBackPast"/> receives the definition looked back past when that
    /// definition is not the innermost one being resolved, i.e. the self-reference was indirect.
    /// </remarks>
    private HoconValue? Lookup(IReadOnlyList<string> path, ref AstNode? lookedBackPast)
    {
        IEnumerable<Layer> layers = _lookupRoots;
        for (var i = 0; i < path.Count; i++)
        {
            var parentPath = path.Take(i).ToArray();
            layers = ChildLayers(layers, parentPath, path[i]);
            var here = path.Take(i + 1).ToArray();
            var frame = _selfFrames.FindLast(f => HoconPaths.SameAs(f.Path, here));
            if (frame.Node is not null)
            {
                layers = OlderThan(layers, frame.Node);
                if (!ReferenceEquals(frame.Node, _selfFrames[^1].Node))
                {
                    lookedBackPast = frame.Node;
                }
            }
        }

        return ResolveField(path, layers);
    }

    private static IEnumerable<Layer> OlderThan(IEnumerable<Layer> newestFirst, AstNode node) =>
        newestFirst.SkipWhile(l => !ReferenceEquals(l.Node, node)).Skip(1);
}
