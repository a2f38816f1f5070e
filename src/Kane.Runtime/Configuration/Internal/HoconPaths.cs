using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>Helpers for paths held as arrays of already-split key elements.</summary>
internal static class HoconPaths
{
    public static string[] Append(IReadOnlyList<string> prefix, IEnumerable<string> more) => [.. prefix, .. more];

    public static string[] Append(IReadOnlyList<string> prefix, string key) => [.. prefix, key];

    public static bool SameAs(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.SequenceEqual(b, StringComparer.Ordinal);

    /// <summary>Renders a path so that parsing the result gives the same elements back.</summary>
    public static string Render(IReadOnlyList<string> path)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            var key = path[i];
            if (key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                sb.Append(key);
            }
            else
            {
                sb.Append(JsonWriter.Quote(key));
            }
        }

        return sb.ToString();
    }

    public static string Join(string prefix, string path) =>
        prefix.Length == 0 ? path : path.Length == 0 ? prefix : prefix + "." + path;
}
