namespace Kane.Configuration;

/// <summary>
/// The one error every layer raises for an out-of-range setting, so that users always read the same shape:
/// <c>Invalid setting kane.actor.stash-capacity = 0: it must be at least 1.</c>
/// </summary>
public static class InvalidSetting
{
    /// <summary>The exception for <paramref name="key"/> holding <paramref name="value"/>, which breaks <paramref name="rule"/>.</summary>
    public static ArgumentException Error(string key, object? value, string rule) =>
        new($"Invalid setting {key} = {value}: it {rule}.");

    /// <summary>Throws <see cref="Error"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string key, object? value, string rule)
    {
        if (!condition) throw Error(key, value, rule);
    }
}
