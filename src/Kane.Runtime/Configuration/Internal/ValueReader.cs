using System.Globalization;

namespace Kane.Configuration.Internal;

/// <summary>
/// The spec's automatic type conversions for typed getters: numbers and booleans read as strings,
/// numeric strings read as numbers, and the six boolean words read as booleans. Null, objects and
/// arrays never convert to anything.
/// </summary>
internal static class ValueReader
{
    public static string ToText(HoconValue value, string path) => value switch
    {
        HoconScalar { Kind: not HoconValueKind.Null } scalar => scalar.Text,
        _ => throw Mismatch(path, value, "a string"),
    };

    public static long ToLong(HoconValue value, string path, long min, long max, string typeName)
    {
        var number = ToDouble(value, path);
        var text = ((HoconScalar)value).Text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exact))
        {
            return exact >= min && exact <= max ? exact : throw Mismatch(path, value, $"a number that fits in {typeName}");
        }

        if (Math.Floor(number) != number)
        {
            throw Mismatch(path, value, "a whole number");
        }

        // Whole numbers written with a fraction or exponent ("1e3") land here.
        return number >= min && number <= max ? (long)number : throw Mismatch(path, value, $"a number that fits in {typeName}");
    }

    public static double ToDouble(HoconValue value, string path)
    {
        if (value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } scalar
            && double.TryParse(scalar.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return number;
        }

        throw Mismatch(path, value, "a number");
    }

    public static bool ToBoolean(HoconValue value, string path) => value switch
    {
        HoconScalar { Kind: HoconValueKind.Boolean or HoconValueKind.String, Text: "true" or "yes" or "on" } => true,
        HoconScalar { Kind: HoconValueKind.Boolean or HoconValueKind.String, Text: "false" or "no" or "off" } => false,
        _ => throw Mismatch(path, value, "a boolean (true/false/yes/no/on/off)"),
    };

    public static TimeSpan ToTimeSpan(HoconValue value, string path) =>
        value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } scalar
        && DurationParser.Parse(scalar.Text) is { } duration
            ? duration
            : throw Mismatch(path, value, "a duration such as '10s' or '250ms'");

    public static long ToByteSize(HoconValue value, string path) =>
        value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } scalar
        && ByteSizeParser.Parse(scalar.Text) is { } size
            ? size
            : throw Mismatch(path, value, "a size in bytes such as '512 MiB' or '64k'");

    public static ConfigurationException Mismatch(string path, HoconValue value, string expected) =>
        new($"{path}: expected {expected}, found {Describe(value)} ({value.Origin})", value.Origin, path);

    public static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Kind: HoconValueKind.Null } => "null",
        HoconScalar scalar => $"{scalar.Kind.ToString().ToLowerInvariant()} '{scalar.Text}'",
        _ => "a value",
    };
}
