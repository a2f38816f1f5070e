using System.Text;

namespace Kane.Organize.Layout.Internal;

/// <summary>
/// Makes a token value safe inside one path segment: path separators and control characters become '_', unpaired
/// surrogates become U+FFFD (what the file system would get anyway), surrounding white space goes, and a value of only
/// dots ('.', '..') becomes 'unknown', as does an empty one unless empty is meaningful (the extension).
/// </summary>
internal static class ValueSanitizer
{
    public const string Unknown = "unknown";

    public static string Sanitize(string? value, bool emptyAllowed)
    {
        var builder = new StringBuilder(value?.Length ?? 0);
        foreach (var rune in (value ?? "").EnumerateRunes())
        {
            // EnumerateRunes already yields U+FFFD for an unpaired surrogate.
            var unsafeChar = rune.Value is '/' or '\\' || Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029;
            if (unsafeChar)
                builder.Append('_');
            else
                builder.Append(rune.ToString());
        }
        var text = builder.ToString().Trim();
        if (text.Length == 0)
            return emptyAllowed ? "" : Unknown;
        return text.AsSpan().ContainsAnyExcept('.') ? text : Unknown;
    }
}
