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
        var steps = Chain.Append(Chain[0]).Select(s => $"{s.Text} ({s.Origin})");
        return ConfigurationException.At(
            Chain[0].Origin,
            "substitution cycle: " + string.Join(" -> ", steps),
            HoconPaths.Render(Chain[0].WrittenPath));
    }
}
