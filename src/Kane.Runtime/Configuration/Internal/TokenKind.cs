namespace Kane.Configuration.Internal;

internal enum TokenKind
{
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Colon,
    Equals,
    PlusEquals,
    Comma,
    Newline,
    Whitespace,
    Unquoted,
    Number,
    QuotedString,
    Substitution,
    EndOfFile,
}
