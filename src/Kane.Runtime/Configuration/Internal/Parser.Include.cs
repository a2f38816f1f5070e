using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>
/// <c>include "name"</c>, <c>include file("name")</c> and <c>include required(...)</c>. The lexer
/// sees <c>file(</c> and <c>)</c> as unquoted text, so the wrapper is reassembled here.
/// </summary>
internal sealed partial class Parser
{
    private void ParseInclude(AstObject obj, IReadOnlyList<string>? path)
    {
        var include = Take();
        SkipBlank();
        var opening = new StringBuilder();
        while (Peek().Kind is TokenKind.Unquoted or TokenKind.Whitespace)
        {
            var token = Take();
            if (token.Kind == TokenKind.Unquoted)
            {
                opening.Append(token.Text);
            }
        }

        var name = Peek();
        if (name.Kind != TokenKind.QuotedString)
        {
            throw ConfigurationException.At(
                name.Origin,
                $"expected a quoted file name after 'include' (or file(\"...\") / required(\"...\")), found {name.Describe()}");
        }

        Take();
        var (required, kind) = ParseWrapper(opening.ToString(), include);
        ReadClosingParens(kind == "" ? (required ? 1 : 0) : (required ? 2 : 1), include);
        if (kind is "url" or "classpath")
        {
            throw ConfigurationException.At(include.Origin, $"include {kind}(...) is not supported; only files can be included");
        }

        var included = IncludeLoader.Load(name.Text, required, include.Origin, path ?? [], _context);
        if (included is not null)
        {
            obj.MergeFrom(included);
        }
    }

    private static (bool Required, string Kind) ParseWrapper(string opening, Token include)
    {
        var required = opening.StartsWith("required(", StringComparison.Ordinal);
        var rest = required ? opening["required(".Length..] : opening;
        var kind = rest switch
        {
            "" => "",
            "file(" => "file",
            "url(" => "url",
            "classpath(" => "classpath",
            _ => throw ConfigurationException.At(
                include.Origin,
                $"unknown include form '{opening}'; use \"name\", file(\"name\") or required(...)"),
        };
        return (required, kind);
    }

    private void ReadClosingParens(int expected, Token include)
    {
        var seen = 0;
        while (seen < expected)
        {
            var token = Peek();
            if (token.Kind == TokenKind.Whitespace)
            {
                Take();
                continue;
            }

            if (token.Kind != TokenKind.Unquoted || token.Text.Any(c => c != ')') || seen + token.Text.Length > expected)
            {
                throw ConfigurationException.At(token.Origin, $"expected ')' to close the include opened at {include.Origin.Line}:{include.Origin.Column}, found {token.Describe()}");
            }

            seen += Take().Text.Length;
        }
    }
}
