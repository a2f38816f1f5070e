using System.Globalization;

namespace Kane.Configuration.Internal;

/// <summary>
/// Splits the spec's "units format": optional whitespace, a number, optional whitespace, an optional
/// unit made only of letters, optional whitespace.
/// </summary>
internal static class UnitNumber
{
    public static bool TrySplit(string text, out decimal number, out string unit)
    {
        number = 0;
        unit = "";
        var s = text.Trim();
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        // An exponent only counts when digits follow, so "1E" stays "1 exbibyte" for sizes.
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                i = j;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
        }

        unit = s[i..].Trim();
        return unit.All(char.IsLetter)
            && decimal.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
