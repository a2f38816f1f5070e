using Kane.Configuration.Internal;

namespace Kane.Configuration;

/// <summary>Typed getters, applying the spec's automatic type conversions.</summary>
public sealed partial class Config
{
    /// <summary>A string; numbers and booleans are returned as written.</summary>
    public string GetString(string path) => ValueReader.ToText(Required(path), FullPath(path));

    public string GetString(string path, string @default) =>
        Optional(path) is { } value ? ValueReader.ToText(value, FullPath(path)) : @default;

    /// <summary>A whole number in the range of <see cref="int"/>; numeric strings are accepted.</summary>
    public int GetInt(string path) => (int)ValueReader.ToLong(Required(path), FullPath(path), int.MinValue, int.MaxValue, "an int");

    public int GetInt(string path, int @default) =>
        Optional(path) is { } value ? (int)ValueReader.ToLong(value, FullPath(path), int.MinValue, int.MaxValue, "an int") : @default;

    public long GetLong(string path) => ValueReader.ToLong(Required(path), FullPath(path), long.MinValue, long.MaxValue, "a long");

    public long GetLong(string path, long @default) =>
        Optional(path) is { } value ? ValueReader.ToLong(value, FullPath(path), long.MinValue, long.MaxValue, "a long") : @default;

    public double GetDouble(string path) => ValueReader.ToDouble(Required(path), FullPath(path));

    public double GetDouble(string path, double @default) =>
        Optional(path) is { } value ? ValueReader.ToDouble(value, FullPath(path)) : @default;

    /// <summary>A boolean; the strings true/false/yes/no/on/off are accepted.</summary>
    public bool GetBoolean(string path) => ValueReader.ToBoolean(Required(path), FullPath(path));

    public bool GetBoolean(string path, bool @default) =>
        Optional(path) is { } value ? ValueReader.ToBoolean(value, FullPath(path)) : @default;

    /// <summary>
    /// A duration such as <c>10s</c>, <c>250ms</c>, <c>2 minutes</c>, <c>1.5h</c>, <c>100us</c> or <c>5ns</c>
    /// (rounded to 100 ns ticks); a bare number is milliseconds; <c>off</c>, <c>infinite</c> and
    /// <c>inf</c> mean <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan GetTimeSpan(string path) => ValueReader.ToTimeSpan(Required(path), FullPath(path));

    public TimeSpan GetTimeSpan(string path, TimeSpan @default) =>
        Optional(path) is { } value ? ValueReader.ToTimeSpan(value, FullPath(path)) : @default;

    /// <summary>
    /// A size in bytes such as <c>512 MiB</c>, <c>64k</c> or <c>10 megabytes</c>; a bare number is
    /// bytes. <c>kB</c>/<c>kilobytes</c> are powers of 1000, single letters and <c>Ki</c>/<c>KiB</c>
    /// forms are powers of 1024. Fractional bytes are truncated.
    /// </summary>
    public long GetByteSize(string path) => ValueReader.ToByteSize(Required(path), FullPath(path));

    public long GetByteSize(string path, long @default) =>
        Optional(path) is { } value ? ValueReader.ToByteSize(value, FullPath(path)) : @default;

    /// <summary>An array whose elements each convert to a string; throws when missing.</summary>
    public IReadOnlyList<string> GetStringList(string path) =>
        RequiredArray(path).Select((item, i) => ValueReader.ToText(item, $"{FullPath(path)}[{i}]")).ToArray();

    /// <summary>An array of objects, each as a config of its own; throws when missing.</summary>
    public IReadOnlyList<Config> GetConfigList(string path) =>
        RequiredArray(path)
            .Select((item, i) => item is HoconObject obj
                ? new Config(obj, $"{FullPath(path)}[{i}]")
                : throw ValueReader.Mismatch($"{FullPath(path)}[{i}]", item, "an object"))
            .ToArray();

    private HoconArray RequiredArray(string path) =>
        Required(path) as HoconArray ?? throw ValueReader.Mismatch(FullPath(path), Required(path), "an array");
}
