namespace Kane.Configuration.Internal;

/// <summary>Character classes from the HOCON spec.</summary>
internal static class CharClass
{
    /// <summary>
    /// Whitespace per the spec: Unicode space separators plus the ASCII controls JSON treats as
    /// whitespace, the byte-order mark and the file/group/record/unit separators.
    /// </summary>
    public static bool IsWhitespace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\uFEFF' or '\u001C' or '\u001D' or '\u001E' or '\u001F'
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.SpaceSeparator
            or System.Globalization.UnicodeCategory.LineSeparator
            or System.Globalization.UnicodeCategory.ParagraphSeparator;

    /// <summary>Characters that may not appear in an unquoted string (whitespace aside).</summary>
    public static bool IsForbiddenInUnquoted(char c) =>
        c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '+' or '#' or '`' or '^' or '?'
            or '!' or '@' or '*' or '&' or '\\';
}
