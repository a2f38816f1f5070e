using System.Runtime.CompilerServices;

namespace Kane.Configuration.Internal;

/// <summary>
/// Recursive-descent parser from tokens to an <see cref="AstObject"/>. Dotted keys are expanded
/// into nested objects and duplicate keys are recorded as extra definitions; nothing is resolved here.
/// </summary>
internal sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private readonly ParseContext _context;
    private int _index;

    // Path of the innermost field whose value is being parsed (objects inside arrays have none of
    // their own, so it stays at the field holding the array); recorded on substitutions for errors.
    private IReadOnlyList<string> _field;

    private Parser(List<Token> tokens, ParseContext context)
    {
        _tokens = tokens;
        _context = context;
        _field = context.Prefix;
    }

    public static AstObject ParseDocument(string text, ParseContext context)
    {
        var parser = new Parser(Lexer.Tokenize(text, context.Origin), context);
        return parser.ParseRoot();
    }

    private Token Peek() => _tokens[_index];

    private Token Take() => _tokens[_index++];

    private void SkipWhitespace()
    {
        while (Peek().Kind == TokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipBlank()
    {
        while (Peek().Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            _index++;
        }
    }

    private AstObject ParseRoot()
    {
        SkipBlank();
        var first = Peek();
        if (first.Kind == TokenKind.LeftBracket)
        {
            throw ConfigurationException.At(first.Origin, "the root of a configuration must be an object, found an array");
        }

        if (first.Kind != TokenKind.LeftBrace)
        {
            return ParseObjectBody(_context.Prefix, open: null);
        }

        var root = ParseObjectBody(_context.Prefix, Take());
        SkipBlank();
        var trailing = Peek();
        if (trailing.Kind != TokenKind.EndOfFile)
        {
            throw ConfigurationException.At(trailing.Origin, $"expected end of file after the root object, found {trailing.Describe()}");
        }

        return root;
    }

    /// <summary>Fields until the matching '}' (or end of file for a root without braces).</summary>
    private AstObject ParseObjectBody(IReadOnlyList<string>? path, Token? open)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw ConfigurationException.At(Peek().Origin, "objects are nested too deeply to parse");
        }

        var obj = new AstObject(path, open?.Origin ?? Peek().Origin);
        while (true)
        {
            SkipBlank();
            var next = Peek();
            if (TryCloseObject(next, open))
            {
                return obj;
            }

            ParseMember(obj, path);
            SkipWhitespace();
            next = Peek();
            if (next.Kind == TokenKind.Comma)
            {
                Take();
                SkipBlank();
                if (Peek().Kind == TokenKind.Comma)
                {
                    throw ConfigurationException.At(Peek().Origin, "unexpected ','; expected a key or the end of the object");
                }
            }
            else if (next.Kind is not (TokenKind.Newline or TokenKind.RightBrace or TokenKind.EndOfFile or TokenKind.RightBracket))
            {
                throw ConfigurationException.At(next.Origin, $"expected ',' or a newline after a field, found {next.Describe()}");
            }
        }
    }

    private bool TryCloseObject(Token next, Token? open)
    {
        switch (next.Kind)
        {
            case TokenKind.RightBrace when open is not null:
                Take();
                return true;
            case TokenKind.EndOfFile when open is null:
                return true;
            case TokenKind.RightBrace:
                throw ConfigurationException.At(next.Origin, "unexpected '}': no object is open here");
            case TokenKind.EndOfFile or TokenKind.RightBracket when open is not null:
                throw ConfigurationException.At(
                    next.Origin,
                    $"expected '}}' to close the object opened at {open.Origin.Line}:{open.Origin.Column}, found {next.Describe()}");
            case TokenKind.RightBracket:
                throw ConfigurationException.At(next.Origin, "unexpected ']': no array is open here");
            default:
                return false;
        }
    }

    private void ParseMember(AstObject obj, IReadOnlyList<string>? path)
    {
        var first = Peek();
        if (first.Kind == TokenKind.Unquoted && first.Text == "include")
        {
            ParseInclude(obj, path);
            return;
        }

        var keyTokens = new List<Token>();
        while (Peek().Kind is TokenKind.Unquoted or TokenKind.Number or TokenKind.QuotedString or TokenKind.Whitespace)
        {
            keyTokens.Add(Take());
        }

        if (keyTokens.Count == 0)
        {
            throw ConfigurationException.At(first.Origin, $"expected a key, found {first.Describe()}");
        }

        var key = KeyPath.Parse(keyTokens, first.Origin, "key");
        var fieldPath = path is null ? null : HoconPaths.Append(path, key);
        var separator = Take();
        var outerField = _field;
        _field = fieldPath ?? _field;
        AstNode value;
        switch (separator.Kind)
        {
            case TokenKind.LeftBrace:
                value = ParseObjectBody(fieldPath, separator);
                break;
            case TokenKind.Colon or TokenKind.Equals:
                SkipBlank();
                value = ParseValue(fieldPath, $"after '{HoconPaths.Render(key)} {separator.Text}'");
                break;
            case TokenKind.PlusEquals:
                SkipBlank();
                value = AppendTo(fieldPath, ParseValue(fieldPath, $"after '{HoconPaths.Render(key)} +='"), separator);
                break;
            default:
                throw ConfigurationException.At(
                    separator.Origin,
                    $"expected ':', '=', '+=' or '{{' after key '{HoconPaths.Render(key)}', found {separator.Describe()}");
        }

        _field = outerField;
        obj.Add(key[0], Nest(path, key, value, first.Origin));
    }

    /// <summary>
    /// <c>a += v</c> means <c>a = ${?a} [v]</c>, with the absolute path of <c>a</c>; inside an array,
    /// where there is no such path, the earlier value of <c>a</c> in the same object stands in for <c>${?a}</c>.
    /// </summary>
    private static AstConcat AppendTo(IReadOnlyList<string>? fieldPath, AstNode value, Token separator)
    {
        if (fieldPath is null)
        {
            return new AstConcat([new AstPreviousValue(separator.Origin), new AstArray([value], value.Origin)], separator.Origin);
        }

        var text = "${?" + HoconPaths.Render(fieldPath) + "}";
        var self = new AstSubstitution(text, fieldPath, prefixLength: 0, optional: true, fieldPath, separator.Origin);
        return new AstConcat([self, new AstArray([value], value.Origin)], separator.Origin);
    }

    /// <summary>Turns <c>a.b.c = v</c> into <c>a { b { c = v } }</c>; returns the value for key element 0.</summary>
    private static AstNode Nest(IReadOnlyList<string>? path, string[] key, AstNode value, ConfigOrigin origin)
    {
        for (var i = key.Length - 1; i >= 1; i--)
        {
            var objPath = path is null ? null : HoconPaths.Append(path, key[..i]);
            var wrapper = new AstObject(objPath, origin);
            wrapper.Add(key[i], value);
            value = wrapper;
        }

        return value;
    }
}
