using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>
/// Builds path expressions (keys, substitution bodies and API paths) from tokens. Unquoted text is
/// split on '.', quoted text never is, and whitespace between pieces stays inside the element, so
/// <c>a b."c.d"</c> is the two elements <c>a b</c> and <c>c.d</c>.
/// </summary>
internal static class KeyPath
{
    public static string[] Parse(IReadOnlyList<Token> tokens, ConfigOrigin at, string what)
    {
        var pieces = Trim(tokens);
        if (pieces.Count == 0)
        {
            throw ConfigurationException.At(at, $"{what}: path expression is empty");
        }

        var elements = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        foreach (var token in pieces)
        {
            switch (token.Kind)
            {
                case TokenKind.QuotedString:
                    current.Append(token.Text);
                    hasContent = true;
                    break;
                case TokenKind.Whitespace:
                    current.Append(token.Text);
                    break;
                case TokenKind.Unquoted or TokenKind.Number:
                    var parts = token.Text.Split('.');
                    for (var i = 0; i < parts.Length; i++)
                    {
                        if (i > 0)
                        {
                            Finish(elements, current, hasContent, token.Origin, what);
                            hasContent = false;
                        }

                        current.Append(parts[i]);
                        hasContent |= parts[i].Length > 0;
                    }

                    break;
                default:
                    throw ConfigurationException.At(token.Origin, $"{what}: unexpected {token.Describe()} in path expression");
            }
        }

        Finish(elements, current, hasContent, pieces[^1].Origin, what);
        return [.. elements];
    }

    private static void Finish(List<string> elements, StringBuilder current, bool hasContent, ConfigOrigin at, string what)
    {
        // An element made only of whitespace is as empty as "a..b": only quoting makes "" a key.
        if (!hasContent)
        {
            throw ConfigurationException.At(at, $"{what}: path expression has an empty element (use quotes for an empty key)");
        }

        elements.Add(current.ToString());
        current.Clear();
    }

    private static List<Token> Trim(IReadOnlyList<Token> tokens)
    {
        var list = tokens.ToList();
        while (list.Count > 0 && list[0].Kind == TokenKind.Whitespace)
        {
            list.RemoveAt(0);
        }

        while (list.Count > 0 && list[^1].Kind == TokenKind.Whitespace)
        {
            list.RemoveAt(list.Count - 1);
        }

        return list;
    }
}
