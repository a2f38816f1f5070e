using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>
/// Turns HOCON text into tokens. Whitespace and newlines are kept as tokens because both are
/// significant: newlines separate fields, and whitespace between simple values is preserved by
/// value concatenation. Comments are dropped but the newline ending them is not.
/// </summary>
internal sealed partial class Lexer
{
    private readonly string _text;
    private readonly string _origin;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    private Lexer(string text, string origin)
    {
        _text = text;
        _origin = origin;
    }

    public static List<Token> Tokenize(string text, string origin)
    {
        var lexer = new Lexer(text, origin);
        var tokens = new List<Token>();
        while (true)
        {
            var token = lexer.Next();
            if (token is null)
            {
                continue;
            }

            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfFile)
            {
                return tokens;
            }
        }
    }

    private ConfigOrigin Here => new(_origin, _line, _column);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd(int ahead = 0) => _pos + ahead >= _text.Length;

    private char Advance()
    {
        var c = _text[_pos++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    /// <summary>Returns the next token, or null when a comment was skipped.</summary>
    private Token? Next()
    {
        var start = Here;
        if (AtEnd())
        {
            return new Token(TokenKind.EndOfFile, "", start);
        }

        var c = Peek();
        if (c == '\n')
        {
            Advance();
            return new Token(TokenKind.Newline, "\n", start);
        }

        if (CharClass.IsWhitespace(c))
        {
            return ReadWhitespace(start);
        }

        if (c == '#' || (c == '/' && Peek(1) == '/'))
        {
            while (!AtEnd() && Peek() != '\n')
            {
                Advance();
            }

            return null;
        }

        return c switch
        {
            '{' => Single(TokenKind.LeftBrace, start),
            '}' => Single(TokenKind.RightBrace, start),
            '[' => Single(TokenKind.LeftBracket, start),
            ']' => Single(TokenKind.RightBracket, start),
            ':' => Single(TokenKind.Colon, start),
            '=' => Single(TokenKind.Equals, start),
            ',' => Single(TokenKind.Comma, start),
            '+' => ReadPlusEquals(start),
            '"' => Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted(start) : ReadQuoted(start),
            '$' => ReadSubstitution(start),
            _ when c == '-' || char.IsAsciiDigit(c) => ReadNumberOrUnquoted(start),
            _ when CharClass.IsForbiddenInUnquoted(c) =>
                throw ConfigurationException.At(start, $"unexpected character '{c}'; quote the string if it should contain it"),
            _ => ReadUnquoted(start),
        };
    }

    private Token Single(TokenKind kind, ConfigOrigin start) => new(kind, Advance().ToString(), start);

    private Token ReadWhitespace(ConfigOrigin start)
    {
        var begin = _pos;
        while (!AtEnd() && Peek() != '\n' && CharClass.IsWhitespace(Peek()))
        {
            Advance();
        }

        return new Token(TokenKind.Whitespace, _text[begin.._pos], start);
    }

    private Token ReadPlusEquals(ConfigOrigin start)
    {
        if (Peek(1) != '=')
        {
            throw ConfigurationException.At(start, "unexpected character '+'; did you mean '+='?");
        }

        Advance();
        Advance();
        return new Token(TokenKind.PlusEquals, "+=", start);
    }

    private Token ReadUnquoted(ConfigOrigin start)
    {
        var begin = _pos;
        while (!AtEnd())
        {
            var c = Peek();
            if (CharClass.IsWhitespace(c) || CharClass.IsForbiddenInUnquoted(c) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }

            Advance();
        }

        return new Token(TokenKind.Unquoted, _text[begin.._pos], start);
    }

    /// <summary>
    /// Reads a JSON number if one starts here. Anything glued to it (as in <c>10s</c>) becomes a
    /// separate unquoted token that concatenates back to the same text, so no spelling is lost.
    /// </summary>
    private Token ReadNumberOrUnquoted(ConfigOrigin start)
    {
        var i = 0;
        if (Peek(i) == '-')
        {
            i++;
        }

        if (!char.IsAsciiDigit(Peek(i)))
        {
            return ReadUnquoted(start);
        }

        if (Peek(i) == '0')
        {
            i++;
        }
        else
        {
            while (char.IsAsciiDigit(Peek(i)))
            {
                i++;
            }
        }

        if (Peek(i) == '.' && char.IsAsciiDigit(Peek(i + 1)))
        {
            i++;
            while (char.IsAsciiDigit(Peek(i)))
            {
                i++;
            }
        }

        if (Peek(i) is 'e' or 'E')
        {
            var j = i + 1;
            if (Peek(j) is '+' or '-')
            {
                j++;
            }

            if (char.IsAsciiDigit(Peek(j)))
            {
                i = j;
                while (char.IsAsciiDigit(Peek(i)))
                {
                    i++;
                }
            }
        }

        var sb = new StringBuilder();
        for (var k = 0; k < i; k++)
        {
            sb.Append(Advance());
        }

        return new Token(TokenKind.Number, sb.ToString(), start);
    }
}
