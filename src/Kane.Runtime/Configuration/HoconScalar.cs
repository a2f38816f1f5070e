namespace Kane.Configuration;

/// <summary>
/// A string, number, boolean or null. <see cref="Text"/> keeps the value exactly as written
/// (numbers keep their original spelling, e.g. <c>1.50</c> or <c>1e3</c>), so nothing is lost to
/// floating-point round trips before a typed getter interprets it.
/// </summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(HoconValueKind kind, string text, ConfigOrigin origin)
        : base(origin)
    {
        if (kind is HoconValueKind.Object or HoconValueKind.Array)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A scalar cannot be an object or an array.");
        }

        Kind = kind;
        Text = text;
    }

    /// <inheritdoc />
    public override HoconValueKind Kind { get; }

    /// <summary>
    /// The value's text: the unescaped content of a string, the original spelling of a number,
    /// <c>true</c>/<c>false</c> for booleans and <c>null</c> for null.
    /// </summary>
    public string Text { get; }

    internal static HoconScalar String(string text, ConfigOrigin origin) => new(HoconValueKind.String, text, origin);
}
