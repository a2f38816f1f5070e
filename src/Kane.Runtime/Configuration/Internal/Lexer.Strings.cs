using System.Globalization;
using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>Quoted strings, triple-quoted strings and substitutions.</summary>
internal sealed partial class Lexer
{
    private Lexer(string text, ConfigOrigin start)
        : this(text, start.Name)
    {
        _line = start.Line;
        _column = start.Column;
    }

    /// <summary>Tokenizes a fragment (a substitution body or an API path) that starts at <paramref name="start"/>.</summary>
    public static List<Token> TokenizeFragment(string text, ConfigOrigin start)
    {
        var lexer = new Lexer(text, start);
        var tokens = new List<Token>();
        for (var token = lexer.Next(); token?.Kind != TokenKind.EndOfFile; token = lexer.Next())
        {
            if (token is not null)
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    private Token ReadQuoted(ConfigOrigin start)
    {
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw ConfigurationException.At(start, "unclosed quoted string: expected a closing '\"' before the end of the line");
            }

            var c = Advance();
            if (c == '"')
            {
                return new Token(TokenKind.QuotedString, sb.ToString(), start);
            }

            if (c == '\\')
            {
                sb.Append(ReadEscape());
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private string ReadEscape()
    {
        var at = Here;
        if (AtEnd())
        {
            throw ConfigurationException.At(at, "unclosed quoted string: input ends after '\\'");
        }

        var c = Advance();
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                var hex = new StringBuilder();
                for (var i = 0; i < 4 && !AtEnd() && char.IsAsciiHexDigit(Peek()); i++)
                {
                    hex.Append(Advance());
                }

                if (hex.Length != 4)
                {
                    throw ConfigurationException.At(at, $"invalid escape '\\u{hex}': expected four hex digits");
                }

                return ((char)int.Parse(hex.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString();
            default:
                throw ConfigurationException.At(at, $"invalid escape '\\{c}' in quoted string");
        }
    }

    /// <summary>
    /// Raw text up to the closing <c>"""</c>. Quotes directly before the closing triple belong to
    /// the string, so <c>"""a""""</c> is <c>a"</c>.
    /// </summary>
    private Token ReadTripleQuoted(ConfigOrigin start)
    {
        Advance();
        Advance();
        Advance();
        var begin = _pos;
        var close = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (close < 0)
        {
            throw ConfigurationException.At(start, "unclosed triple-quoted string: expected '\"\"\"'");
        }

        while (close + 3 < _text.Length && _text[close + 3] == '"')
        {
            close++;
        }

        while (_pos < close + 3)
        {
            Advance();
        }

        return new Token(TokenKind.QuotedString, _text[begin..close], start);
    }

    private Token ReadSubstitution(ConfigOrigin start)
    {
        if (Peek(1) != '{')
        {
            throw ConfigurationException.At(start, "unexpected character '$'; a substitution looks like ${path}");
        }

        Advance();
        Advance();
        var optional = Peek() == '?';
        if (optional)
        {
            Advance();
        }

        var bodyStart = Here;
        var begin = _pos;
        var inQuotes = false;
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw ConfigurationException.At(start, "unclosed substitution: expected '}'");
            }

            var c = Peek();
            if (!inQuotes && c == '}')
            {
                break;
            }

            if (c == '\\' && inQuotes)
            {
                Advance();
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
            }

            Advance();
        }

        var body = _text[begin.._pos];
        Advance();
        var text = (optional ? "${?" : "${") + body + "}";
        var path = KeyPath.Parse(TokenizeFragment(body, bodyStart), bodyStart, "substitution " + text);
        return new Token(TokenKind.Substitution, text, start) { Optional = optional, Path = path };
    }
}
