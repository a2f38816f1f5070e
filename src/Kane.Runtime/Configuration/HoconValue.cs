using Kane.Configuration.Internal;

namespace Kane.Configuration;

/// <summary>
/// A fully resolved, immutable configuration value. Every value remembers the position it was
/// defined at, so that type errors raised long after parsing can still point into the source.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(ConfigOrigin origin) => Origin = origin;

    /// <summary>The position of the definition that produced this value.</summary>
    public ConfigOrigin Origin { get; }

    /// <summary>The JSON type of this value.</summary>
    public abstract HoconValueKind Kind { get; }

    /// <summary>Renders this value as JSON; strings that denote durations or sizes stay as written.</summary>
    public string ToJson(bool indented = true) => JsonWriter.Write(this, indented);

    /// <summary>Compact JSON, handy in debuggers and assertion messages.</summary>
    public override string ToString() => ToJson(indented: false);
}
