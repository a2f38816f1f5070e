using System.Runtime.CompilerServices;

namespace Kane.Configuration.Internal;

/// <summary>
/// Resolves a parsed document into immutable values. Every field is evaluated from its list of
/// definitions, newest first: a non-object definition ends the walk, objects keep merging with
/// older definitions. Lookups are lazy, walking only the definitions along the requested path,
/// so an object may refer to its own siblings without a false cycle.
/// </summary>
/// <remarks>
/// An optional fallback (an already resolved config) sits under the document for lookups only:
/// substitutions see it as the oldest definition of every path, so they find its values and a
/// self-reference looks back into it, but the resolved result holds only the document's own fields.
/// </remarks>
internal sealed partial class Resolver
{
    private readonly Layer[] _lookupRoots;
    private readonly Func<string, string?> _environment;

    // Memoized per node instance, as the spec asks: the same ${} may resolve differently elsewhere.
    private readonly Dictionary<AstNode, HoconValue?> _memo = [];

    // Nodes being resolved right now; meeting one again means a cycle.
    private readonly List<AstNode> _active = [];

    // Field definitions being resolved that may refer to their own field: while one is open, a
    // lookup of that field sees only the definitions older than it ("looks back").
    private readonly List<(IReadOnlyList<string> Path, AstNode Node)> _selfFrames = [];

    // For a definition of a field inside an array being resolved: that field's older definitions,
    // which an AstPreviousValue (from `+=`) in it stands for.
    private readonly Stack<IEnumerable<Layer>> _olderDefinitions = [];

    private Resolver(AstObject root, HoconObject? fallback, Func<string, string?> environment)
    {
        _lookupRoots = fallback is null || fallback.Count == 0 ? [Layer.Of(root)] : [Layer.Of(root), Layer.Of(fallback)];
        _environment = environment;
    }

    /// <summary>Resolves <paramref name="root"/>; substitutions it cannot satisfy itself try <paramref name="fallback"/>, then the environment.</summary>
    public static HoconObject Resolve(AstObject root, HoconObject? fallback, Func<string, string?> environment)
    {
        var resolver = new Resolver(root, fallback, environment);
        try
        {
            return resolver.ResolveField([], [Layer.Of(root)]) as HoconObject ?? HoconObject.Empty(root.Origin);
        }
        catch (SubstitutionCycleException cycle)
        {
            throw cycle.ToConfigurationException();
        }
    }

    /// <summary>Final value of a field from its definitions (newest first); null when undefined.</summary>
    private HoconValue? ResolveField(IReadOnlyList<string>? path, IEnumerable<Layer> newestFirst)
    {
        // A field inside an array has nothing lazy to wait for (its parents are literal objects or
        // resolved values), and `+=` there needs the definitions after the current one.
        var unaddressable = path is null ? newestFirst.ToList() : null;
        var objects = new List<Layer>();
        var hidesOlder = false;
        var position = 0;
        foreach (var layer in (IEnumerable<Layer>?)unaddressable ?? newestFirst)
        {
            position++;
            if (layer.Node is AstObject)
            {
                objects.Add(layer);
                continue;
            }

            // A literal or array under an object only hides older definitions; no need to evaluate it.
            if (objects.Count > 0 && layer.Node is AstLiteral or AstArray)
            {
                hidesOlder = true;
                break;
            }

            var value = layer.Value
                ?? (unaddressable is null ? ResolveDefinition(layer.Node!, path) : ResolveInArray(layer.Node!, unaddressable.Skip(position)));
            if (value is null)
            {
                continue; // undefined ${?x}: the older definition stays in effect
            }

            if (value is HoconObject)
            {
                objects.Add(Layer.Of(value));
                continue;
            }

            if (objects.Count == 0)
            {
                return value;
            }

            hidesOlder = true;
            break;
        }

        if (objects.Count == 0)
        {
            return null;
        }

        var merged = MergeObjects(path, objects);
        // Remembered for Config.WithFallback, which must not merge older files into this object.
        return hidesOlder ? merged.HidingFallbacks() : merged;
    }

    /// <summary>Resolves the objects of one field (newest first) key by key, so hidden values stay unevaluated.</summary>
    private HoconObject MergeObjects(IReadOnlyList<string>? path, List<Layer> newestFirst)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ConfigurationException.At(newestFirst[0].Node?.Origin ?? newestFirst[0].Value!.Origin, "objects are nested too deeply to resolve");
        }

        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var layerKeys = newestFirst[i].Node is AstObject node ? node.Keys : ((HoconObject)newestFirst[i].Value!).Keys;
            keys.AddRange(layerKeys.Where(seen.Add));
        }

        var fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var childPath = path is null ? null : HoconPaths.Append(path, key);
            var value = ResolveField(childPath, ChildLayers(newestFirst, path, key));
            if (value is not null)
            {
                fields.Add(key, value);
            }
        }

        var newest = newestFirst[0];
        return new HoconObject(fields, newest.Node?.Origin ?? newest.Value!.Origin);
    }

    /// <summary>
    /// The definitions of <paramref name="key"/> inside the given definitions of its parent, newest
    /// first, produced lazily so that only what a lookup needs gets resolved.
    /// </summary>
    private IEnumerable<Layer> ChildLayers(IEnumerable<Layer> parentNewestFirst, IReadOnlyList<string>? parentPath, string key)
    {
        foreach (var layer in parentNewestFirst)
        {
            if (layer.Node is AstObject obj)
            {
                if (obj.TryGetDefinitions(key, out var definitions))
                {
                    for (var i = definitions.Count - 1; i >= 0; i--)
                    {
                        yield return Layer.Of(definitions[i]);
                    }
                }

                continue;
            }

            if (layer.Node is AstLiteral or AstArray)
            {
                yield break;
            }

            var value = layer.Value ?? ResolveDefinition(layer.Node!, parentPath);
            if (value is null)
            {
                continue;
            }

            if (value is not HoconObject resolved)
            {
                yield break;
            }

            if (resolved.TryGetValue(key, out var child))
            {
                yield return Layer.Of(child);
            }

        }
    }
}
