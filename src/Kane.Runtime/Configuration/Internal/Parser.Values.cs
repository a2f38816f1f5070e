using System.Runtime.CompilerServices;

namespace Kane.Configuration.Internal;

/// <summary>Values: simple values, arrays, objects and their concatenations.</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// One value: everything up to a newline, ',' or closing bracket. Several adjacent parts form a
    /// concatenation; whitespace between parts is kept, whitespace around the whole value is not.
    /// </summary>
    private AstNode ParseValue(IReadOnlyList<string>? path, string where)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ConfigurationException.At(Peek().Origin, "values are nested too deeply to parse");
        }

        var parts = new List<AstNode>();
        Token? pendingSpace = null;
        while (true)
        {
            var token = Peek();
            AstNode? part = token.Kind switch
            {
                TokenKind.Unquoted or TokenKind.Number or TokenKind.QuotedString or TokenKind.Substitution => ParseSimple(Take()),
                TokenKind.LeftBrace => ParseObjectBody(path, Take()),
                TokenKind.LeftBracket => ParseArray(Take()),
                _ => null,
            };

            if (part is null)
            {
                if (token.Kind != TokenKind.Whitespace)
                {
                    break;
                }

                pendingSpace = Take();
                continue;
            }

            if (pendingSpace is not null && parts.Count > 0)
            {
                parts.Add(new AstWhitespace(pendingSpace.Text, pendingSpace.Origin));
            }

            pendingSpace = null;
            parts.Add(part);
        }

        if (parts.Count == 0)
        {
            var found = Peek();
            throw ConfigurationException.At(found.Origin, $"expected a value {where}, found {found.Describe()}");
        }

        return parts.Count == 1 ? Classify(parts[0]) : new AstConcat(parts, parts[0].Origin);
    }

    private AstNode ParseSimple(Token token) => token.Kind switch
    {
        TokenKind.Substitution => new AstSubstitution(
            token.Text,
            HoconPaths.Append(_context.Prefix, token.Path),
            _context.Prefix.Count,
            token.Optional,
            _field,
            token.Origin),
        TokenKind.Number => new AstLiteral(new HoconScalar(HoconValueKind.Number, token.Text, token.Origin)),
        _ => new AstLiteral(HoconScalar.String(token.Text, token.Origin)) { Unquoted = token.Kind == TokenKind.Unquoted },
    };

    /// <summary>
    /// A lone unquoted <c>true</c>, <c>false</c> or <c>null</c> is typed; inside a concatenation it
    /// stays text, so <c>a = true story</c> is the string "true story".
    /// </summary>
    private static AstNode Classify(AstNode node)
    {
        if (node is AstLiteral { Unquoted: true } literal && literal.Value.Text is "true" or "false" or "null")
        {
            var kind = literal.Value.Text == "null" ? HoconValueKind.Null : HoconValueKind.Boolean;
            return new AstLiteral(new HoconScalar(kind, literal.Value.Text, literal.Origin));
        }

        return node;
    }

    private AstArray ParseArray(Token open)
    {
        var elements = new List<AstNode>();
        while (true)
        {
            SkipBlank();
            var next = Peek();
            switch (next.Kind)
            {
                case TokenKind.RightBracket:
                    Take();
                    return new AstArray(elements, open.Origin);
                case TokenKind.EndOfFile or TokenKind.RightBrace:
                    throw ConfigurationException.At(
                        next.Origin,
                        $"expected ']' to close the array opened at {open.Origin.Line}:{open.Origin.Column}, found {next.Describe()}");
            }

            elements.Add(ParseValue(path: null, "in array"));
            SkipWhitespace();
            next = Peek();
            if (next.Kind == TokenKind.Comma)
            {
                Take();
            }
            else if (next.Kind is not (TokenKind.Newline or TokenKind.RightBracket or TokenKind.EndOfFile or TokenKind.RightBrace))
            {
                throw ConfigurationException.At(next.Origin, $"expected ',' or ']' after an array element, found {next.Describe()}");
            }
        }
    }
}
