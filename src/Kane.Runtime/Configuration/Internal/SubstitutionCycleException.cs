namespace Kane.Configuration.Internal;

/// <summary>
/// Internal signal for a cycle. It is not a <see cref="ConfigurationException"/> yet because an
/// optional substitution on the way up treats a cycle as "undefined" instead of failing.
/// </summary>
internal sealed class SubstitutionCycleException(IReadOnlyList<AstSubstitution> chain) : Exception("substitution cycle")
{
    public IReadOnlyList<AstSubstitution> Chain { get; } = chain;

    public ConfigurationException ToConfigurationException()
    {
        var first = Chain[0];
        var inside = Chain.FirstOrDefault(IsInsideItsTarget);
        var message = (Chain.Count, inside) switch
        {
            (1, not null) => InsideItsTarget(inside),
            (_, null) => Steps(),
            _ => Steps() + "; " + InsideItsTarget(inside),
        };
        return ConfigurationException.At(first.Origin, "substitution cycle: " + message, HoconPaths.Render(first.WrittenPath));
    }

    private string Steps() => string.Join(" -> ", Chain.Append(Chain[0]).Select(s => $"{s.Text} ({s.Origin})"));

    /// <summary>
    /// <c>a.b = ${a}</c> or <c>a = [${a}]</c>: the substitution names an object or array it sits in.
    /// Direct self-references (<c>a = ${a} x</c>) look back instead and never get here.
    /// </summary>
    private static bool IsInsideItsTarget(AstSubstitution s) =>
        s.Path.Count <= s.Field.Count && HoconPaths.SameAs(s.Path, s.Field.Take(s.Path.Count).ToArray());

    // The spec lists a : { b : ${a} } and a : [${a}] as unbreakable cycles: looking back is only for
    // a field whose own value is the substitution, else a = { x : 42, y : ${a.x} } would look back
    // past a for a nonexistent a.x. Users meet this as a.b = ${a}, so the message says why.
    private static string InsideItsTarget(AstSubstitution s)
    {
        var target = HoconPaths.Render(s.WrittenPath);
        var where = s.Path.Count < s.Field.Count ? $"at {HoconPaths.Render(s.Field.Skip(s.PrefixLength).ToArray())}" : "in an array";
        return $"{s.Text} ({s.Origin}) is used inside {target} itself ({where}), so {target} would have to contain itself; "
            + $"only a field set directly to its own substitution (e.g. {target} = ${{{target}}} {{ ... }}) looks back at an earlier value, "
            + "not one inside the object or array it names";
    }
}
